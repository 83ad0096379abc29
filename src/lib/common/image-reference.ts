/**
 * The parts of an image reference a cluster file sets: `calico.registry` and `calico.imagePath`. The
 * operator joins them into `<registry><imagePath>/<image>:<tag>` without checking them (tigera/operator
 * v1.40.15 pkg/components/references.go:38-115), so a bad part shows up on the nodes, where the
 * container runtime parses the reference and the pod fails with InvalidImageName ("invalid reference
 * format"). The grammar is the one of github.com/distribution/reference (reference.go, v0.5.0), which
 * the runtimes use:
 *
 *   name             := [domain '/'] path-component ['/' path-component]*
 *   domain           := host [':' port]    host: domain components joined by '.', or an IPv6 address in []
 *   domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 *   path-component   := [a-z0-9]+ (separator [a-z0-9]+)*    separator: '.', '_', '__' or one or more '-'
 *
 * The first part of a name is a domain only when it has a '.' or a ':' or is `localhost`; otherwise
 * it is a path component (on Docker Hub), and must be lowercase.
 */

/** The operator's keyword for "the default" (references.go:35), accepted for both keys. */
export const USE_DEFAULT = 'UseDefault';

/** The longest name a reference may have (distribution/reference NameTotalLengthMax). */
export const NAME_TOTAL_LENGTH_MAX = 255;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

const looksLikeDomain = (part: string) => part.includes('.') || part.includes(':') || part === 'localhost';

function pathProblems(parts: readonly string[]): string[] {
  return parts.flatMap((part) => {
    if (part === '') return ['has an empty path component (two "/" in a row)'];
    if (PATH_COMPONENT.test(part)) return [];
    return [part.toLowerCase() !== part && PATH_COMPONENT.test(part.toLowerCase())
      ? `path component "${part}" must be lowercase`
      : `path component "${part}" is not lowercase letters and digits separated by ".", "_", "__" or "-"`];
  });
}

/** Problems with a registry (`registry.example.com:5000/`, `registry.example.com/mirror/`). */
export function registryProblems(registry: string): string[] {
  if (registry === USE_DEFAULT) return [];
  if (registry.length > NAME_TOTAL_LENGTH_MAX) return [`is longer than the ${NAME_TOTAL_LENGTH_MAX} characters an image name may have`];
  const parts = registry.replace(/\/$/, '').split('/');
  const [first, ...rest] = parts;
  if (looksLikeDomain(first)) {
    return [...(DOMAIN.test(first) ? [] : [`"${first}" is not a registry host: letters, digits and "-" in "."-separated parts, then an optional ":port"`]), ...pathProblems(rest)];
  }
  return pathProblems(parts);
}

/** Problems with an image path (`calico`, `mirror/calico`). */
export function imagePathProblems(imagePath: string): string[] {
  if (imagePath === USE_DEFAULT) return [];
  if (imagePath.length > NAME_TOTAL_LENGTH_MAX) return [`is longer than the ${NAME_TOTAL_LENGTH_MAX} characters an image name may have`];
  return pathProblems(imagePath.split('/'));
}
