/**
 * loadClusterFile(): a cluster file as CalicoStack props, read exactly as the CLI reads it.
 */
import * as fs from 'fs';
import { parseDocument } from 'yaml';
import { ClusterSpec } from './cluster-spec';
import { CRDS_BY_OPERATOR } from './config/schema';
import { formatFindings } from './config/findings';
import { loadClusterFile as loadConfig } from './config/load';
import { parseClusterFile } from './config/parse';
import { CalicoStackProps, KubeadmConfigNetworking } from './stack';

/**
 * Reads a cluster file (`clusters/<name>.yaml`) and the files it names (the kubeadm-config of
 * `platform.kubeadmConfig`, the CRD bundle of `calico.crds`; paths relative to the cluster file) as
 * the CLI does, and returns the spec as written with those files' content in `files`:
 * `new CalicoStack(app, 'prod', loadClusterFile('clusters/prod.yaml'))`.
 *
 * Only reading and parsing happen here; the checks that look at the whole cluster (pools inside
 * podSubnet, encapsulation per cloud, ...) are CalicoStack's, reported when the app is synthesized.
 *
 * @throws when a file cannot be read or parsed, or the cluster file has unknown keys, wrong types or
 * values outside a closed set; the message lists every problem as the CLI prints them
 */
export function loadClusterFile(file: string): CalicoStackProps {
  // The CLI's loader reads the cluster file and the files it names, with its messages.
  const loaded = loadConfig(file);
  if (!loaded.config) throw new Error(formatFindings(loaded.findings, file));
  const config = loaded.config;
  // The spec as written: the loader returns it resolved, so the file is parsed once more. It has
  // just been read and parsed; if it changed in between, what it names must still be what was read.
  const written = parseDocument(fs.readFileSync(file, 'utf8')).toJS() as unknown;
  const parsed = parseClusterFile(written);
  if (!parsed.file) throw new Error(formatFindings(parsed.findings, file));
  const crds = config.calico.crds;
  const crdFile = crds !== undefined && crds !== CRDS_BY_OPERATOR ? crds : undefined;
  const calicoCrds = parsed.file.calico?.crds;
  if (parsed.file.platform.kubeadmConfig !== config.platform.kubeadm?.source
    || (calicoCrds !== undefined && calicoCrds !== CRDS_BY_OPERATOR ? calicoCrds : undefined) !== crdFile?.path) {
    throw new Error(`${file} changed while it was read; run again`);
  }
  const kubeadm = config.platform.kubeadm;
  return {
    ...(written as ClusterSpec),
    ...(kubeadm || crdFile ? {
      files: {
        ...(kubeadm ? { kubeadmConfig: networking(kubeadm) } : {}),
        ...(crdFile ? { crds: crdFile.crds } : {}),
      },
    } : {}),
  };
}

function networking(kubeadm: KubeadmConfigNetworking): KubeadmConfigNetworking {
  return {
    ...(kubeadm.podSubnet !== undefined ? { podSubnet: kubeadm.podSubnet } : {}),
    ...(kubeadm.serviceSubnet !== undefined ? { serviceSubnet: kubeadm.serviceSubnet } : {}),
  };
}
