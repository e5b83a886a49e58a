import { describe, expect, it } from 'vitest';
import { callsPerRequest } from '../bench/aws-calls.js';
import type { ScenarioResult } from '../bench/load.js';
import { checkTargets, pathFloors, renderMarkdown, type BenchReport } from '../bench/report.js';

const scenario = (name: string, cpuMicrosPerRequest: number, connections = 10): ScenarioResult => ({
  name,
  connections,
  seconds: 10,
  responses: 1000,
  sent: 1000,
  requestsPerSecond: 100,
  p50: 1,
  p99: 2,
  non2xx: 0,
  errors: 0,
  statuses: { 200: 1000 },
  cpuMicrosPerRequest,
  peakRssBytes: 150e6,
});

const report = (overrides: Partial<BenchReport> = {}): BenchReport => ({
  date: 'today',
  commit: 'abc',
  machine: { cores: 2, cpu: 'test', memoryBytes: 1e9, othersCores: 0 },
  node: 'v24',
  scenarios: [scenario('GET /users/{id}', 600), scenario('PUT avatar', 3000)],
  startToReadyMs: { median: 200, each: [200] },
  idleRssBytes: 70e6,
  peakRssBytes: 190e6,
  memoryAfter: [],
  ceilingIdleRssBytes: 60e6,
  listingP50ByUsers: [],
  listingByShards: { users: 0, results: [] },
  pathCalls: [
    { name: 'GET /users/{id}', calls: { GetItem: 1 } },
    { name: 'PUT avatar', calls: { GetItem: 1, PutObject: 1, HeadBucket: 1 } },
  ],
  floors: [
    { operation: 'GetItem', calls: 100, failures: 0, cpuMicrosPerCall: 500 },
    { operation: 'PutObject', calls: 100, failures: 0, cpuMicrosPerCall: 1000 },
  ],
  growth: { connections: [10, 64], names: [] },
  uploadBurstPeakBytes: 160e6,
  seedingUsersPerSecond: 1000,
  healthzName: 'GET /healthz',
  ceilingName: 'ceiling',
  ...overrides,
});

describe('the AWS calls of a path', () => {
  it('are the calls between two readings divided by the requests sent, background calls left out', () => {
    const before = new Map([['GetItem', 10]]);
    const after = new Map([
      ['GetItem', 210],
      ['HeadBucket', 3],
    ]);
    expect(callsPerRequest(before, after, 100)).toEqual({ GetItem: 2 });
  });
});

describe('the floor targets', () => {
  it('compare the API CPU with the sum of the measured calls', () => {
    const [byId] = pathFloors(report());
    expect(byId).toMatchObject({ floorMicros: 500, apiMicros: 600, ratio: 1.2 });
    const target = checkTargets(report()).find((t) => t.target.includes('GET /users/{id}'));
    expect(target).toMatchObject({ met: true, measured: '1.20× (600 / 500 µs)' });
  });

  it('are missed, naming the operation, when a path makes a call the floors did not measure', () => {
    const target = checkTargets(report()).find((t) => t.target.includes('PUT avatar'));
    expect(target).toMatchObject({ met: false, measured: 'no floor for HeadBucket' });
  });

  it('are missed above 1.3 times the floor', () => {
    const target = checkTargets(report({ scenarios: [scenario('GET /users/{id}', 700)] })).find((t) =>
      t.target.includes('GET /users/{id}'),
    );
    expect(target?.met).toBe(false);
  });
});

describe('the memory targets', () => {
  it('are met at or under their limits and missed above them', () => {
    const met = (r: BenchReport, text: string) => checkTargets(r).find((t) => t.target.includes(text))?.met;
    expect(met(report(), 'idle RSS')).toBe(true);
    expect(met(report({ idleRssBytes: 81e6 }), 'idle RSS')).toBe(false);
    expect(met(report({ peakRssBytes: 201e6 }), 'whole bench')).toBe(false);
    expect(met(report({ uploadBurstPeakBytes: undefined }), 'upload burst')).toBe(false);
  });
});

describe('the memory table', () => {
  it('splits the resident set into V8 spaces, external and the rest of anonymous memory', () => {
    const memory = {
      rss: 150e6,
      anonymous: 100e6,
      fileBacked: 50e6,
      heapSpaces: { new: 16e6, old: 30e6, code: 4e6, large_object: 2e6, trusted: 1e6 },
      heapTotal: 53e6,
      heapUsed: 40e6,
      external: 7e6,
      otherAnonymous: 40e6,
    };
    const text = renderMarkdown(report({ memoryAfter: [{ after: 'GET /users/{id}', memory }] }));
    expect(text).toMatch(
      /\| GET \/users\/\{id\} +\| +150\.0 \| +50\.0 \| +16\.0 \| +30\.0 \| +4\.0 \| +3\.0 \| +7\.0 \| +40\.0 \|/,
    );
  });
});
