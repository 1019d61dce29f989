#!/usr/bin/env node
// A real SMTP server for the tracker's tests (the `smtp-server` package, loopback only):
// STARTTLS with the given certificate, AUTH PLAIN/LOGIN required, and answers per recipient
// chosen by the address: tempfail-* gets 451 (try again later), reject-* gets 550. Every
// accepted message is written to DIR as NNNN.json {from, to, data} once the transaction
// ends, so the tests read exactly what the server took.
//
//   node smtp_server.js --port P --dir DIR --cert C --key K --user U --pass W [--down-file F]
//
// While --down-file exists the server answers 421 at connection time (an outage that
// the client sees as a temporary failure).
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
let count = 0;

const server = new SMTPServer({
  secure: false,
  key: fs.readFileSync(args.key),
  cert: fs.readFileSync(args.cert),
  authMethods: ['PLAIN', 'LOGIN'],
  authOptional: false,
  allowInsecureAuth: false,  // AUTH only after STARTTLS
  size: 50 * 1024 * 1024,
  logger: false,
  onConnect(session, cb) {
    if (args['down-file'] && fs.existsSync(args['down-file'])) {
      const err = new Error('Service not available, try again later');
      err.responseCode = 421;
      return cb(err);
    }
    cb();
  },
  onAuth(auth, session, cb) {
    if (auth.username === args.user && auth.password === args.pass) return cb(null, { user: auth.username });
    cb(new Error('Invalid username or password'));
  },
  onRcptTo(address, session, cb) {
    const a = address.address.toLowerCase();
    if (a.startsWith('tempfail')) {
      const err = new Error('Mailbox busy, try again later');
      err.responseCode = 451;
      return cb(err);
    }
    if (a.startsWith('reject')) {
      const err = new Error('No such user here');
      err.responseCode = 550;
      return cb(err);
    }
    cb();
  },
  onData(stream, session, cb) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const n = String(++count).padStart(4, '0');
      const msg = {
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        tls: !!session.secure,
        user: session.user,
        data: Buffer.concat(chunks).toString('utf8'),
      };
      const file = path.join(args.dir, n + '.json');
      fs.writeFileSync(file + '.tmp', JSON.stringify(msg));
      fs.renameSync(file + '.tmp', file);
      cb(null, 'Queued as ' + n);
    });
  },
});
server.on('error', (e) => console.error('smtp-server:', e.message));
server.listen(Number(args.port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
