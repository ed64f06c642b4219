// A non-Java app that uses the env contract unmodified: DATABASE_URL, DATABASE_READER_URL and libpq's PG*.
const http = require('http');
const { Pool, Client } = require('pg');

const writer = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const reader = new Pool({ connectionString: process.env.DATABASE_READER_URL, max: 2 });
let ready = false;

async function setup() {
  const c = new Client(); // no config: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE
  await c.connect();
  await c.query('CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text NOT NULL)');
  await c.end();
  ready = true;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-instance-id': process.env.INSTANCE_ID });
  res.end(JSON.stringify(body));
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (url.pathname === '/health') {
      return send(res, ready ? 200 : 503, { ready });
    }
    if (url.pathname === '/env') {
      return send(res, 200, Object.keys(process.env).sort());
    }
    if (url.pathname === '/notes' && req.method === 'POST') {
      const r = await writer.query('INSERT INTO notes (body) VALUES ($1) RETURNING id', [url.searchParams.get('body')]);
      return send(res, 200, { id: r.rows[0].id, pool: 'writer' });
    }
    if (url.pathname === '/notes') {
      const r = await reader.query('SELECT body, pg_is_in_recovery() AS replica FROM notes ORDER BY id');
      return send(res, 200, { bodies: r.rows.map(x => x.body), replica: r.rows.length ? r.rows[0].replica : null });
    }
    send(res, 404, {});
  } catch (e) {
    send(res, 500, { error: String(e) });
  }
}).listen(Number(process.env.PORT), '127.0.0.1');

setup().catch(e => { console.error('setup failed: ' + e); process.exit(1); });
