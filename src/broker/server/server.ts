/**
 * The listening socket. Accepts connections up to `max.connections` and
 * closes them all on shutdown.
 */
import * as net from 'node:net';
import type { ApiHandler } from '../handlers/handler.js';
import type { BrokerCore } from '../broker-core.js';
import { Connection } from './connection.js';

export interface ServerOptions {
  host: string;
  port: number;
  frameBytesMax: number;
  connectionsMax: number;
  idleMs: number;
}

export class KafkaServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;

  constructor(
    private readonly broker: BrokerCore,
    private readonly handlers: ReadonlyMap<number, ApiHandler>,
    private readonly opts: ServerOptions,
  ) {
    this.server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.maxConnections = opts.connectionsMax;
  }

  private accept(socket: net.Socket): void {
    const connection: Connection = new Connection(socket, {
      id: this.nextConnectionId++,
      broker: this.broker,
      handlers: this.handlers,
      frameBytesMax: this.opts.frameBytesMax,
      idleMs: this.opts.idleMs,
      onClose: () => this.connections.delete(connection),
    });
    this.connections.add(connection);
  }

  /** Resolves with the bound port once the socket accepts connections. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const c of this.connections) c.close();
    });
  }
}
