// A user's own app, not Java: items in Redis, served over HTTP. No npm packages: a tiny RESP client below.
// It follows firedrill's env contract: PORT, INSTANCE_ID, AZ, REDIS_URL; it listens on every interface of its
// container (0.0.0.0), as an app behind a load balancer must.
'use strict';
const http = require('http');
const net = require('net');

const port = parseInt(process.env.PORT || '8080', 10);
const id = process.env.INSTANCE_ID || 'node';
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');

// One connection, commands in order; replies parsed as they come (simple strings, errors, integers, bulk strings).
let sock = null;
let buf = Buffer.alloc(0);
const waiting = [];
function connect() {
  sock = net.createConnection({ host: redisUrl.hostname, port: parseInt(redisUrl.port, 10) });
  sock.setNoDelay(true);
  sock.on('data', (d) => { buf = Buffer.concat([buf, d]); drain(); });
  const fail = (e) => { while (waiting.length) waiting.shift().reject(e || new Error('redis closed')); sock = null; };
  sock.on('error', fail);
  sock.on('close', () => fail());
}
function drain() {
  while (waiting.length) {
    const r = parse(0);
    if (!r) return;
    buf = buf.subarray(r.end);
    const w = waiting.shift();
    if (r.error) w.reject(new Error(r.error)); else w.resolve(r.value);
  }
}
function parse(at) {
  const nl = buf.indexOf('\r\n', at);
  if (nl < 0) return null;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, nl);
  if (type === '+') return { value: line, end: nl + 2 };
  if (type === '-') return { error: line, end: nl + 2 };
  if (type === ':') return { value: parseInt(line, 10), end: nl + 2 };
  if (type === '$') {
    const n = parseInt(line, 10);
    if (n < 0) return { value: null, end: nl + 2 };
    if (buf.length < nl + 2 + n + 2) return null;
    return { value: buf.toString('utf8', nl + 2, nl + 2 + n), end: nl + 2 + n + 2 };
  }
  return { error: 'unsupported reply ' + type, end: buf.length };
}
function redis(...args) {
  if (!sock) connect();
  return new Promise((resolve, reject) => {
    waiting.push({ resolve, reject });
    let cmd = '*' + args.length + '\r\n';
    for (const a of args) { const s = String(a); cmd += '$' + Buffer.byteLength(s) + '\r\n' + s + '\r\n'; }
    sock.write(cmd);
  });
}

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-instance-id': id,
    'content-length': Buffer.byteLength(text) });
  res.end(text);
}

http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', async () => {
    try {
      if (req.url === '/health') return reply(res, 200, { status: 'UP', instance: id });
      if (req.method === 'POST' && req.url === '/items') {
        const n = await redis('INCR', 'items:seq');
        await redis('SET', 'items:' + n, body || '{}');
        return reply(res, 201, { id: n, value: JSON.parse(body || '{}').value || null });
      }
      const m = /^\/items\/(\d+)$/.exec(req.url);
      if (req.method === 'GET' && m) {
        const v = await redis('GET', 'items:' + m[1]);
        if (v === null) return reply(res, 404, { error: 'no item ' + m[1] });
        return reply(res, 200, { id: parseInt(m[1], 10), value: JSON.parse(v).value || null });
      }
      reply(res, 404, { error: 'no route ' + req.method + ' ' + req.url });
    } catch (e) {
      reply(res, 503, { error: String(e.message || e) });
    }
  });
}).listen(port, '0.0.0.0', () => console.log(`node items app ${id} on 0.0.0.0:${port}`));

process.on('SIGTERM', () => process.exit(0));
