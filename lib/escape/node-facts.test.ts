import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../canary/token.js';
import { containerdVersionAnswer, nodeFactHashes, parseNodeFacts } from './node-facts.js';

describe('node facts', () => {
  it('turns `containerd --version` into what the Version API answers', () => {
    expect(containerdVersionAnswer('containerd github.com/containerd/containerd v1.7.30 gauntlet')).toBe('v1.7.30 gauntlet');
    expect(containerdVersionAnswer('sh: containerd: not found')).toBeUndefined();
  });

  it('keeps only well-formed facts; an empty disk read is no fact', () => {
    const f = parseNodeFacts(['containerd\tcontainerd github.com/containerd/containerd/v2 v2.1.4 abc', 'mem\t', `disk\t${sha256Hex('')}`].join('\n'));
    expect(f).toEqual({ containerdVersion: 'v2.1.4 abc' });
    const g = parseNodeFacts(['containerd\tcontainerd x v1 r', `mem\t${'ab'.repeat(16)}`, `disk\t${'c'.repeat(64)}`].join('\n'));
    expect(nodeFactHashes(g)).toEqual([sha256Hex('v1 r'), sha256Hex('ab'.repeat(16)), sha256Hex('c'.repeat(64))]);
  });
});
