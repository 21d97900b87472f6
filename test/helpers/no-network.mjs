/**
 * A preload that takes the network away from a Node process:
 *
 *   node --import ./test/helpers/no-network.mjs dist/pipeline/cli/main.js build
 *
 * Every way Node reaches the network (TCP, TLS, HTTP(S), HTTP/2, UDP, DNS, fetch,
 * WebSocket, EventSource, and the raw bindings under them) is replaced by a function
 * that records the attempt and throws an error with code ERR_NETWORK_BLOCKED.
 * Worker threads inherit --import through execArgv, so the guard runs in each of
 * them too (test/supply-chain.test.ts checks that it does).
 *
 * With NO_NETWORK_LOG=<file>, one JSON line is appended to that file when the guard
 * loads in a thread ({"event":"loaded", thread, codegen}) and for every attempt
 * ({"event":"attempt", what, target, stack}); attempts also go to stderr.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { isMainThread, threadId } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const logFile = process.env.NO_NETWORK_LOG;

function record(entry) {
  const line = `${JSON.stringify({ pid: process.pid, thread: threadId, main: isMainThread, ...entry })}\n`;
  if (logFile) appendFileSync(logFile, line);
}

function describe(args) {
  try {
    return args
      .slice(0, 2)
      .map((a) => {
        if (typeof a === 'string' || typeof a === 'number' || a instanceof URL) return String(a);
        if (Array.isArray(a)) return describe(a);
        if (a && typeof a === 'object') {
          const { href, url, host, hostname, port, path } = a;
          return JSON.stringify({ href, url, host, hostname, port, path });
        }
        return typeof a;
      })
      .join(', ');
  } catch {
    return '?';
  }
}

function blocked(what) {
  return function blockedNetworkCall(...args) {
    const target = describe(args);
    const stack = (new Error().stack ?? '').split('\n').slice(2, 10).map((s) => s.trim());
    record({ event: 'attempt', what, target, stack });
    process.stderr.write(`no-network: blocked ${what}(${target})\n`);
    const error = new Error(`no-network: ${what}(${target}) was blocked: this process must not use the network`);
    error.code = 'ERR_NETWORK_BLOCKED';
    throw error;
  };
}

/** Replaces obj[key] (when it is a function) by a blocker named `what`. */
function block(obj, key, what) {
  if (obj && typeof obj[key] === 'function') {
    Object.defineProperty(obj, key, { value: blocked(what), writable: true, configurable: true, enumerable: Object.getOwnPropertyDescriptor(obj, key)?.enumerable ?? false });
  }
}

// TCP and Unix sockets: every client connection, whatever module made it (http, tls, undici's fetch…), ends in Socket#connect.
const net = require('node:net');
block(net.Socket.prototype, 'connect', 'net.Socket.connect');
block(net, 'connect', 'net.connect');
block(net, 'createConnection', 'net.createConnection');
// Being reached is using the network too.
block(net.Server.prototype, 'listen', 'net.Server.listen');

const tls = require('node:tls');
block(tls, 'connect', 'tls.connect');

for (const name of ['node:http', 'node:https']) {
  const mod = require(name);
  block(mod, 'request', `${name.slice(5)}.request`);
  block(mod, 'get', `${name.slice(5)}.get`);
  block(mod.Agent?.prototype, 'createConnection', `${name.slice(5)}.Agent.createConnection`);
}

const http2 = require('node:http2');
block(http2, 'connect', 'http2.connect');

const dgram = require('node:dgram');
block(dgram, 'createSocket', 'dgram.createSocket');
for (const key of ['bind', 'connect', 'send']) block(dgram.Socket.prototype, key, `dgram.Socket.${key}`);

// DNS: the callback API, dns.promises (the same object as node:dns/promises) and both Resolver classes.
const dns = require('node:dns');
const isQuery = (key) => key === 'lookup' || key === 'lookupService' || key === 'reverse' || key.startsWith('resolve');
for (const [obj, prefix] of [
  [dns, 'dns'],
  [dns.Resolver.prototype, 'dns.Resolver'],
  [dns.promises, 'dns.promises'],
  [dns.promises.Resolver.prototype, 'dns.promises.Resolver'],
]) {
  for (const key of Object.getOwnPropertyNames(obj)) if (isQuery(key)) block(obj, key, `${prefix}.${key}`);
}

// Globals: fetch (undici), WebSocket and EventSource where this Node has them.
for (const key of ['fetch', 'WebSocket', 'EventSource']) block(globalThis, key, key);

// The native bindings under all of the above, for code that would go around the modules.
const NETWORK_BINDINGS = new Set(['tcp_wrap', 'udp_wrap', 'tls_wrap', 'cares_wrap', 'pipe_wrap', 'js_udp_wrap']);
const binding = process.binding;
if (typeof binding === 'function') {
  const guard = blocked('process.binding');
  process.binding = function guardedBinding(name) {
    return NETWORK_BINDINGS.has(name) ? guard(name) : binding.call(process, name);
  };
}

// ES modules see builtins through named exports: bring them in line with the patched objects.
syncBuiltinESMExports();

// Whether this thread may compile code from strings (eval, new Function): false under --disallow-code-generation-from-strings.
let codegen = 'allowed';
try {
  new Function('return 1')();
} catch {
  codegen = 'blocked';
}
record({ event: 'loaded', codegen, execArgv: process.execArgv });
