import { describe, expect, it } from 'vitest';
import { pageLogProblems } from './open-page.js';

describe('pageLogProblems', () => {
  it('a clean load has none', () => {
    expect(pageLogProblems({ errors: [], failedRequests: [], offsite: [] })).toEqual([]);
  });

  it("lists the page's errors, failed requests and offsite requests, except those tolerated", () => {
    const log = {
      errors: ['uncaught TypeError: x is undefined'],
      failedRequests: [
        { url: 'http://127.0.0.1:1/widgets/metrics.json?v=1', why: 'HTTP 404' },
        { url: 'http://127.0.0.1:1/data/tree.json', why: 'HTTP 404' },
      ],
      offsite: ['https://analytics.invalid/gtag/js?id=1', 'https://cdn.invalid/font.woff2'],
    };
    expect(pageLogProblems(log, { failedRequests: [/\/widgets\/metrics\.json/], offsite: [/\/gtag\/js\?/] })).toEqual([
      'uncaught TypeError: x is undefined',
      'request http://127.0.0.1:1/data/tree.json failed: HTTP 404',
      'request to https://cdn.invalid/font.woff2 leaves the report (refused)',
    ]);
    expect(pageLogProblems(log)).toHaveLength(5);
  });
});
