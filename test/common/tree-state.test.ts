/**
 * The library keeps no state in the process: memos, warnings handlers, checks and prop paths belong
 * to an App (the root of a construct tree), are not seen by another App unless it is told to share
 * them, and go when the App goes. The sources hold no mutable value at module level.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { App } from 'cdk8s';
import * as ts from 'typescript';
import { findingsOf, onWarnings } from '../../src/lib/common/checks';
import { Finding } from '../../src/lib/common/findings';
import { MemoKind, Memos, memosOf, useMemos } from '../../src/lib/common/memo';
import { renderStack } from '../../src/lib/render/render';
import { YAML_TEXT } from '../../src/lib/render/yaml';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { ROOT } from '../util';

/** A cluster with one warning (IPIP on AWS) and no error. */
const SPEC: ClusterSpec = {
  name: 'lab',
  platform: { cloud: 'aws', podSubnet: '10.244.0.0/16' },
  calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIP' }] },
};

/** Runs every validation of the App, as synth does: the errors. */
function validate(app: App): string[] {
  return app.node.findAll().flatMap((c) => c.node.validate());
}

/** An App of its own whose warnings are collected, not written. */
function quietApp(): App {
  const app = new App();
  onWarnings(app, () => undefined);
  return app;
}

describe('memos', () => {
  test('a kind remembers what was computed for a key, once', () => {
    const kind = new MemoKind<string, number>('lengths');
    const memos = new Memos();
    const compute = jest.fn((key: string) => key.length);
    expect([memos.remember(kind, 'abc', compute), memos.remember(kind, 'abc', compute), memos.remember(kind, 'de', compute)]).toEqual([3, 3, 2]);
    expect(compute).toHaveBeenCalledTimes(2);
    expect(memos.size(kind)).toBe(2);
    expect(memos.size(new MemoKind<string, number>('lengths'))).toBe(0);
  });

  test('two Apps do not share memos: rendering in one leaves the other\'s empty', () => {
    const [a, b] = [quietApp(), quietApp()];
    expect(memosOf(a)).not.toBe(memosOf(b));
    renderStack(new CalicoStack(a, 'lab', SPEC));
    expect(memosOf(a).size(YAML_TEXT)).toBeGreaterThan(0);
    expect(memosOf(b).size(YAML_TEXT)).toBe(0);
    // Every construct of an App has the App's memos.
    const stack = new CalicoStack(b, 'lab', SPEC);
    expect(memosOf(stack.calico.installation)).toBe(memosOf(b));
  });

  test('Apps told to share memos find what another computed', () => {
    const shared = new Memos();
    const [a, b] = [quietApp(), quietApp()];
    useMemos(a, shared);
    useMemos(b, shared);
    expect(memosOf(a)).toBe(shared);
    const first = renderStack(new CalicoStack(a, 'lab', SPEC));
    const texts = shared.size(YAML_TEXT);
    // The same cluster again: every object's text is found, none is added, the files are the same.
    expect(renderStack(new CalicoStack(b, 'lab', SPEC))).toEqual(first);
    expect(shared.size(YAML_TEXT)).toBe(texts);
    // ... and they are what an App of its own renders.
    expect(renderStack(new CalicoStack(quietApp(), 'lab', SPEC))).toEqual(first);
  });

  test('an App\'s memos and checks are garbage with it', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const refs: Array<WeakRef<object>> = [];
    // In a function of its own, so that nothing on this stack keeps the App.
    (() => {
      for (let i = 0; i < 3; i++) {
        const app = quietApp();
        const stack = new CalicoStack(app, 'lab', SPEC);
        renderStack(stack);
        expect(findingsOf(app)).toHaveLength(1);
        refs.push(new WeakRef(app), new WeakRef(memosOf(app)), new WeakRef(stack.calico.installation));
      }
    })();
    for (let i = 0; i < 3 && refs.some((r) => r.deref() !== undefined); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });
});

describe('warnings', () => {
  test('the handler of one App does not affect another', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { writes.push(String(chunk)); return true; });
    try {
      const [a, b, c] = [new App(), new App(), new App()];
      const seen: Array<[string, readonly Finding[]]> = [];
      onWarnings(a, (construct, warnings) => seen.push([construct.node.path, warnings]));
      onWarnings(c, () => undefined);
      for (const app of [a, b, c]) new CalicoStack(app, 'lab', SPEC);
      for (const app of [a, b, c]) expect(validate(app)).toEqual([]);
      expect(seen.map(([where, w]) => `${where}: ${w.map((f) => f.path).join(', ')}`)).toEqual(['lab: calico.ipPools[0].encapsulation']);
      // b has no handler: its warning goes to stderr, named by its construct path; c's handler keeps its own quiet.
      expect(writes).toEqual([expect.stringMatching(/^\[lab\] warning: calico\.ipPools\[0\]\.encapsulation: on AWS EC2 this needs/)]);
    } finally {
      spy.mockRestore();
    }
  });

  test('a handler is set for the whole App, from any construct of it, and undefined restores the default', () => {
    const app = new App();
    const stack = new CalicoStack(app, 'lab', SPEC);
    const handler = jest.fn();
    onWarnings(stack.calico, handler);
    validate(app);
    expect(handler).toHaveBeenCalledTimes(1);
    const other = new App();
    new CalicoStack(other, 'lab', SPEC);
    onWarnings(other, handler);
    onWarnings(other, undefined);
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      validate(other);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('the sources', () => {
  const LIB = path.join(ROOT, 'src', 'lib');
  const files = fs.readdirSync(LIB, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(LIB, f));

  /** `file:line what` for every module-level declaration that can hold state. */
  function moduleState(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node) => `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const found: string[] = [];
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const list = statement.declarationList;
      for (const d of list.declarations) {
        const name = d.name.getText();
        if (!(list.flags & ts.NodeFlags.Const)) found.push(`${where(d)} ${name}: a module-level let or var`);
        const init = d.initializer;
        if (!init) continue;
        const readonly = d.type !== undefined && /^Readonly/.test(d.type.getText());
        if (ts.isNewExpression(init) && /^(Map|Set|WeakMap|WeakSet|Array)$/.test(init.expression.getText()) && !readonly) {
          found.push(`${where(d)} ${name}: a module-level ${init.expression.getText()}`);
        }
        if ((ts.isArrayLiteralExpression(init) && init.elements.length === 0) || (ts.isObjectLiteralExpression(init) && init.properties.length === 0)) {
          found.push(`${where(d)} ${name}: an empty module-level collection`);
        }
      }
    }
    return found;
  }

  test('hold no mutable value at module level, but the WeakMap that attaches state to Apps', () => {
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap(moduleState);
    expect(found).toEqual([expect.stringMatching(/^src\/lib\/common\/tree-state\.ts:\d+ TREES: a module-level WeakMap$/)]);
  });
});
