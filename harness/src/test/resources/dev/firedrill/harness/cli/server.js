// A tiny app on the env contract for RelativePathsIT, as the README's [node, server.js]: /health and an in-memory
// items API (write, read, update). Node's standard library only.
'use strict';
const http = require('http');

const items = new Map();

function reply(res, status, body) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(data),
    'X-Instance-Id': process.env.INSTANCE_ID,
  });
  res.end(data);
}

function itemId(url) {
  return Number(url.split('?')[0].split('/')[2]);
}

http.createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => { raw += chunk; });
  req.on('end', () => {
    const body = raw ? JSON.parse(raw) : {};
    if (req.method === 'GET' && req.url === '/health') {
      return reply(res, 200, { status: 'ok' });
    }
    if (req.method === 'GET' && req.url.startsWith('/items/')) {
      const item = items.get(itemId(req.url));
      return item ? reply(res, 200, item) : reply(res, 404, { error: 'not found' });
    }
    if (req.method === 'POST' && req.url === '/items') {
      const item = { id: items.size + 1, version: 1, value: body.value };
      items.set(item.id, item);
      return reply(res, 201, item);
    }
    if (req.method === 'PUT' && req.url.startsWith('/items/')) {
      const old = items.get(itemId(req.url));
      if (!old) {
        return reply(res, 404, { error: 'not found' });
      }
      if (old.version !== body.version) {
        return reply(res, 409, { error: 'version conflict' });
      }
      const item = { id: old.id, version: old.version + 1, value: body.value };
      items.set(item.id, item);
      return reply(res, 200, item);
    }
    return reply(res, 404, { error: 'no route ' + req.url });
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
