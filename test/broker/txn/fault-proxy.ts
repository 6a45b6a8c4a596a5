/**
 * A TCP proxy between Kafka clients and a broker that can lose one Produce
 * response: the response is swallowed and both connections are reset, so
 * the client cannot know whether its batch was written and must retry it.
 * Frames are followed by their 4-byte size prefix in both directions; the
 * request header's API key tells which correlation ids belong to Produce.
 */
import * as net from 'node:net';

const PRODUCE = 0;

class FrameSplitter {
  private pending = Buffer.alloc(0);

  /** Whole frames (size prefix included) out of the bytes seen so far. */
  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const size = 4 + this.pending.readInt32BE(0);
      if (this.pending.length < size) break;
      frames.push(this.pending.subarray(0, size));
      this.pending = this.pending.subarray(size);
    }
    return frames;
  }
}

export interface FaultProxy {
  port: number;
  /** Produce responses seen (forwarded or dropped). */
  produceResponses(): number;
  /** Drops the response to the `nth` Produce (1-based, counted from now) and resets its connection. */
  dropProduceResponse(nth: number): void;
  dropped(): number;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: () => number): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  let seen = 0;
  let dropAt = -1;
  let dropped = 0;
  const server = net.createServer((client) => {
    const broker = net.connect(upstreamPort(), '127.0.0.1');
    sockets.add(client).add(broker);
    const produceIds = new Set<number>();
    const requests = new FrameSplitter();
    const responses = new FrameSplitter();
    const reset = () => {
      client.resetAndDestroy();
      broker.resetAndDestroy();
    };
    client.on('data', (chunk: Buffer) => {
      for (const frame of requests.push(chunk)) {
        if (frame.readInt16BE(4) === PRODUCE) produceIds.add(frame.readInt32BE(8));
        broker.write(frame);
      }
    });
    broker.on('data', (chunk: Buffer) => {
      for (const frame of responses.push(chunk)) {
        const correlationId = frame.readInt32BE(4);
        if (produceIds.delete(correlationId)) {
          seen++;
          if (seen === dropAt) {
            dropped++;
            reset();
            return;
          }
        }
        client.write(frame);
      }
    });
    for (const s of [client, broker]) {
      s.on('error', () => reset());
      s.on('close', () => {
        sockets.delete(s);
        reset();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    produceResponses: () => seen,
    dropProduceResponse: (nth) => (dropAt = seen + nth),
    dropped: () => dropped,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
