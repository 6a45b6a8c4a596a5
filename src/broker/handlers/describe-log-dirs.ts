/**
 * DescribeLogDirs (key 35), versions 0-4: the one data directory with the
 * size of every partition (monitors derive bytes/s from these) and, in v4,
 * the file system's total and usable bytes.
 */
import { statfsSync } from 'node:fs';
import type { ApiHandler, Body, RequestContext } from './handler.js';

function partitionsOf(ctx: RequestContext, requested: { topic: string; partitions: number[] }[] | null): Body[] {
  const { topics } = ctx.broker;
  const wanted = requested ?? topics.all().map((t) => ({ topic: t.name, partitions: [...Array(t.partitions).keys()] }));
  const out: Body[] = [];
  for (const w of wanted) {
    const partitions: Body[] = [];
    const count = topics.partitionCount(w.topic) ?? 0;
    for (const p of w.partitions) {
      if (p < 0 || p >= count) continue;
      // A partition never written to may have no directory yet: it holds 0 bytes.
      const log = topics.logs.getLog(w.topic, p);
      partitions.push({ partitionIndex: p, partitionSize: log?.sizeBytes ?? 0, offsetLag: 0, isFutureKey: false });
    }
    if (partitions.length > 0) out.push({ name: w.topic, partitions });
  }
  return out;
}

export function describeLogDirsHandler(dataDir: string): ApiHandler {
  return {
    apiKey: 35,
    minVersion: 0,
    maxVersion: 4,
    handle(ctx, request) {
      let totalBytes = -1;
      let usableBytes = -1;
      try {
        const s = statfsSync(dataDir);
        totalBytes = s.blocks * s.bsize;
        usableBytes = s.bavail * s.bsize;
      } catch {
        // Sizes stay unknown (-1); the partition figures are what matters.
      }
      return {
        throttleTimeMs: 0,
        errorCode: 0,
        results: [{ errorCode: 0, logDir: dataDir, topics: partitionsOf(ctx, request.topics), totalBytes, usableBytes }],
      };
    },
  };
}
