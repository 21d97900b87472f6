/**
 * Deliberately uses the network in every way no-network.mjs blocks, on the main
 * thread and then in a worker thread (which inherits execArgv, as the pipeline's
 * worker pool does), and prints what each attempt did as one JSON object:
 * { main: { "net.connect": "ERR_NETWORK_BLOCKED", … }, worker: { … } }.
 *
 * Every target is on this machine (127.0.0.1 port 9, "localhost", a resolver at
 * 127.0.0.1), so without the guard the attempts fail or succeed locally and quickly,
 * and never leave the machine.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import * as dnsPromises from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const HOST = '127.0.0.1';
const PORT = 9;
// DNS queries go to a resolver on this machine (there is none: they are refused at once).
dns.setServers([HOST]);
dnsPromises.setServers([HOST]);

/** Runs one attempt; its outcome is the error code it threw, rejected with or reported, or "no error". */
async function attempt(fn) {
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), 2000);
      const done = (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      try {
        // An attempt either calls done (it takes it) or returns a promise.
        const result = fn(done);
        if (fn.length === 0) Promise.resolve(result).then(() => done(), done);
      } catch (error) {
        done(error);
      }
    });
    return 'no error';
  } catch (error) {
    return error?.code ?? error?.cause?.code ?? String(error);
  }
}

const resolver = () => {
  const r = new dns.Resolver({ timeout: 200, tries: 1 });
  r.setServers([HOST]);
  return r;
};
const promisesResolver = () => {
  const r = new dnsPromises.Resolver({ timeout: 200, tries: 1 });
  r.setServers([HOST]);
  return r;
};
/** A socket or request that reports its first error or connection. */
const settle = (emitter, done, ok = 'connect') => {
  emitter.once('error', done);
  emitter.once(ok, () => {
    emitter.destroy?.();
    done();
  });
};

const attempts = {
  'net.connect': (done) => settle(net.connect(PORT, HOST), done),
  'net.createConnection': (done) => settle(net.createConnection({ host: HOST, port: PORT }), done),
  'new net.Socket().connect': (done) => settle(new net.Socket().connect(PORT, HOST), done),
  'net.Server.listen': (done) => {
    const server = net.createServer();
    server.once('error', done);
    server.listen(0, HOST, () => server.close(() => done()));
  },
  'tls.connect': (done) => settle(tls.connect({ host: HOST, port: PORT }), done, 'secureConnect'),
  'http.request (ESM named import)': (done) => settle(httpRequest(`http://${HOST}:${PORT}/`).end(), done, 'response'),
  'https.get': (done) => settle(https.get(`https://${HOST}:${PORT}/`), done, 'response'),
  'http2.connect': (done) => settle(http2.connect(`http://${HOST}:${PORT}`), done),
  'dgram.createSocket': (done) => {
    const socket = dgram.createSocket('udp4');
    socket.send('x', PORT, HOST, (error) => {
      socket.close();
      done(error);
    });
  },
  'dns.lookup': (done) => dns.lookup('localhost', (error) => done(error)),
  'dns.resolve4': (done) => dns.resolve4('localhost', (error) => done(error)),
  'dns.Resolver.resolve4': (done) => resolver().resolve4('localhost', (error) => done(error)),
  'dns.promises.lookup': () => dns.promises.lookup('localhost'),
  'dns/promises lookup (ESM)': () => dnsPromises.lookup('localhost'),
  'dns.promises.Resolver.resolve4': () => promisesResolver().resolve4('localhost'),
  fetch: () => fetch(`http://${HOST}:${PORT}/`),
  'process.binding(tcp_wrap)': () => process.binding('tcp_wrap'),
};
if (typeof globalThis.WebSocket === 'function') {
  attempts.WebSocket = (done) => {
    const ws = new WebSocket(`ws://${HOST}:${PORT}/`);
    ws.onerror = () => done(new Error('websocket error'));
    ws.onopen = () => done();
  };
}

async function runAll() {
  const outcomes = {};
  for (const [name, fn] of Object.entries(attempts)) outcomes[name] = await attempt(fn);
  return outcomes;
}

if (isMainThread) {
  const main = await runAll();
  const worker = await new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url));
    w.once('message', resolve);
    w.once('error', reject);
  });
  process.stdout.write(`${JSON.stringify({ main, worker })}\n`);
} else {
  parentPort.postMessage(await runAll());
}
