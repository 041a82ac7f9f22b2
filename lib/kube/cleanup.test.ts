import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.js';
import { CleanupStack, cleanupError, runLiveCleanups } from './cleanup.js';

const notFound = () => new ApiException(404, 'HTTP-Code: 404 Message: namespaces "x" not found', {}, {});

describe('CleanupStack', () => {
  it('runs steps last registered first and empties itself', async () => {
    const order: string[] = [];
    const stack = new CleanupStack();
    stack.register('a', () => order.push('a'));
    stack.register('b', async () => {
      order.push('b');
    });
    stack.register('c', () => order.push('c'));
    expect(stack.size).toBe(3);
    const report = await stack.runAll();
    expect(order).toEqual(['c', 'b', 'a']);
    expect(report).toEqual({ done: ['c', 'b', 'a'], alreadyGone: [], failures: [] });
    expect(stack.size).toBe(0);
    expect(await stack.runAll()).toEqual({ done: [], alreadyGone: [], failures: [] });
  });

  it('continues after a failure and collects it with its cause', async () => {
    const order: string[] = [];
    const boom = new ApiException(500, 'internal error', {}, {});
    const stack = new CleanupStack();
    stack.register('first', () => order.push('first'));
    stack.register('broken', () => {
      throw boom;
    });
    stack.register('last', () => order.push('last'));
    const report = await stack.runAll();
    expect(order).toEqual(['last', 'first']);
    expect(report.done).toEqual(['last', 'first']);
    expect(report.failures).toHaveLength(1);
    const failure = report.failures[0];
    expect(failure).toBeInstanceOf(InfrastructureError);
    expect(failure?.cause).toBe(boom);
    expect(failure?.message).toContain('"broken"');
  });

  it('treats 404 as already gone, decided by status code not message', async () => {
    const stack = new CleanupStack();
    stack.register('gone', () => Promise.reject(notFound()));
    // A message that says "not found" but a different status is a real failure.
    stack.register('misleading', () => Promise.reject(new ApiException(403, 'Unknown API Status Code!', '{"kind":"Status","reason":"Forbidden","message":"not found"}', {})));
    stack.register('plain', () => Promise.reject(new Error('404 not found')));
    const report = await stack.runAll();
    expect(report.alreadyGone).toEqual(['gone']);
    expect(report.failures.map((f) => f.message)).toEqual([
      'Cleanup step "plain" failed: 404 not found',
      'Cleanup step "misleading" failed: HTTP 403 Forbidden: not found',
    ]);
  });

  it('runs steps registered while cleaning up', async () => {
    const order: string[] = [];
    const stack = new CleanupStack();
    stack.register('outer', () => {
      order.push('outer');
      stack.register('late', () => order.push('late'));
    });
    await stack.runAll();
    expect(order).toEqual(['outer', 'late']);
  });

  it('runAllOrThrow throws an AggregateError of the failures, caused by the first', async () => {
    const stack = new CleanupStack();
    const e1 = new Error('one');
    const e2 = new Error('two');
    stack.register('s1', () => {
      throw e1;
    });
    stack.register('ok', () => undefined);
    stack.register('s2', () => {
      throw e2;
    });
    const err = await stack.runAllOrThrow().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AggregateError);
    const aggregate = err as AggregateError;
    expect(aggregate.errors.map((e: Error) => (e.cause as Error).message)).toEqual(['two', 'one']);
    expect((aggregate.cause as Error).cause).toBe(e2);
    expect(aggregate.message).toMatch(/^Cleanup: 2 of 3 steps failed: /);
    expect(stack.size).toBe(0);
  });

  it('cleanupError is undefined when nothing failed', async () => {
    const stack = new CleanupStack();
    stack.register('gone', () => Promise.reject(notFound()));
    const report = await stack.runAllOrThrow();
    expect(report.alreadyGone).toEqual(['gone']);
    expect(cleanupError(report)).toBeUndefined();
  });
});

describe('runLiveCleanups (an interrupt)', () => {
  it('runs every stack still holding steps, newest stack first and each last step first, and never a finished one twice', async () => {
    const order: string[] = [];
    const older = new CleanupStack();
    const newer = new CleanupStack();
    const finished = new CleanupStack();
    older.register('delete namespace', () => order.push('older: delete namespace'));
    finished.register('done already', () => order.push('finished: ran again'));
    await finished.runAll();
    order.length = 0;
    older.register('start the stopped node', () => order.push('older: start the stopped node'));
    newer.register('remove agent', () => order.push('newer: remove agent'));
    newer.register('put the shim back', () => order.push('newer: put the shim back'));
    const reports = await runLiveCleanups();
    expect(order).toEqual(['newer: put the shim back', 'newer: remove agent', 'older: start the stopped node', 'older: delete namespace']);
    expect(reports.map((r) => r.done.length)).toEqual([2, 2]);
    expect(await runLiveCleanups()).toEqual([]);
  });
});
