#!/usr/bin/env node
// Loopback smtp-server (Nodemailer's "smtp-server" package) scenarios for
// smtp-check's integration tests, one SMTPServer per port, all in this one
// process. Started (daemonised) by .ci/mta-setup.sh; port map and the replies
// observed: .ci/mta-scenarios.md.
//
// Nothing is delivered anywhere: accepted messages are read and dropped.
// Reverse DNS is off (disableReverseLookup), so no DNS traffic either.
'use strict';

const fs = require('fs');
const { SMTPServer } = require('smtp-server');

const HOST = '127.0.0.1';
const NAME = 'smtpcheck.test';
const CERT = process.env.SMTPCHECK_TLS_CERT || '/etc/ssl/certs/ssl-cert-snakeoil.pem';
const KEY = process.env.SMTPCHECK_TLS_KEY || '/etc/ssl/private/ssl-cert-snakeoil.key';
const USER = 'smtpcheck';
const PASS = 'smtpcheck-secret';

const LOCAL_DOMAINS = new Set(['smtpcheck.test', 'localhost']);
const LOCAL_USERS = new Set(['smtpcheck', 'postmaster', 'abuse']);

// TLS: the ssl-cert snakeoil pair when readable, else smtp-server's own
// built-in self-signed pair.
let tls = {};
try {
  tls = { key: fs.readFileSync(KEY), cert: fs.readFileSync(CERT) };
} catch (e) {
  console.error(`node-smtp: ${e.message}; using smtp-server's built-in certificate`);
}

function smtpError(code, text) {
  const err = new Error(text);
  err.responseCode = code;
  return err;
}

function log(port, msg) {
  console.log(`${new Date().toISOString()} [${port}] ${msg}`);
}

function split(address) {
  const at = address.lastIndexOf('@');
  return at < 0 ? [address, ''] : [address.slice(0, at), address.slice(at + 1).toLowerCase()];
}

// The recipient policy every port shares unless it overrides onRcptTo:
// known local users pass (user+tag too), unknown local users get 550 5.1.1,
// every other domain is relay, denied.
function defaultRcpt(address, session, callback) {
  const [local, domain] = split(address.address);
  if (!LOCAL_DOMAINS.has(domain)) {
    return callback(smtpError(554, `5.7.1 <${address.address}>: Relay access denied`));
  }
  if (!LOCAL_USERS.has(local.split('+')[0].toLowerCase())) {
    return callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
  }
  return callback();
}

// Read the message and drop it.
function sinkData(stream, session, callback) {
  stream.on('data', () => {});
  stream.on('end', () => {
    if (stream.sizeExceeded) {
      return callback(smtpError(552, 'Error: message exceeds fixed maximum message size'));
    }
    return callback(null, '2.0.0 Ok: message accepted (and discarded)');
  });
}

function drain(stream, then) {
  stream.on('data', () => {});
  stream.on('end', then);
}

const auth = (a, session, callback) => {
  if (a.username === USER && a.password === PASS) return callback(null, { user: a.username });
  return callback(smtpError(535, '5.7.8 Error: authentication failed: Invalid username or password'));
};

// port -> [scenario, extra SMTPServer options]
const scenarios = {
  2570: ['accepting, STARTTLS offered', {}],
  2571: ['unknown user (shared policy, own port)', {}],
  2572: ['relay denied (shared policy, own port)', {}],
  2573: ['message size limit 1024 bytes', { size: 1024, rejectOversized: true }],
  2574: ['at most 2 recipients (maxRecipients)', { maxRecipients: 2 }],
  2575: ['AUTH PLAIN/LOGIN required, allowed without TLS', {
    authOptional: false, allowInsecureAuth: true, authMethods: ['PLAIN', 'LOGIN'], onAuth: auth,
    onRcptTo(address, session, callback) {
      // authenticated clients may "relay" (accepted and discarded)
      if (session.user) return callback();
      return defaultRcpt(address, session, callback);
    },
  }],
  2576: ['AUTH only after STARTTLS', {
    authOptional: true, allowInsecureAuth: false, authMethods: ['PLAIN', 'LOGIN'], onAuth: auth,
  }],
  2577: ['TLS required before MAIL', {
    onMailFrom(address, session, callback) {
      if (!session.secure) return callback(smtpError(530, '5.7.0 Must issue a STARTTLS command first'));
      return callback();
    },
  }],
  2578: ['client rejected at connect (554 banner)', {
    onConnect(session, callback) {
      return callback(smtpError(554, `5.7.1 <${session.remoteAddress}>: Client host rejected: Access denied`));
    },
  }],
  2579: ['temporary refusal at connect (421 banner)', {
    onConnect(session, callback) {
      return callback(smtpError(421, '4.3.2 Service not available, closing transmission channel'));
    },
  }],
  2580: ['1 concurrent client (maxClients)', { maxClients: 1 }],
  2581: ['sender domain rejected', {
    onMailFrom(address, session, callback) {
      const [, domain] = split(address.address);
      if (domain === 'blocked.test' || domain.endsWith('.blocked.test')) {
        return callback(smtpError(553, `5.7.1 <${address.address}>: Sender address rejected: Domain ${domain} is blocked`));
      }
      return callback();
    },
  }],
  2582: ['sender must be fully qualified', {
    onMailFrom(address, session, callback) {
      const [, domain] = split(address.address);
      if (address.address !== '' && !domain.includes('.') && !LOCAL_DOMAINS.has(domain)) {
        return callback(smtpError(504, `5.5.2 <${address.address}>: Sender address rejected: need fully-qualified address`));
      }
      return callback();
    },
  }],
  2583: ['greylisting (450 at RCPT)', {
    onRcptTo(address, session, callback) {
      return callback(smtpError(450, `4.7.1 <${address.address}>: Recipient address rejected: Greylisted, please try again later`));
    },
  }],
  2584: ['temporary local problem (451 at RCPT)', {
    onRcptTo(address, session, callback) {
      return callback(smtpError(451, '4.3.0 Temporary local problem - please try later'));
    },
  }],
  2585: ['content rejected at end of DATA (554)', {
    onData(stream, session, callback) {
      drain(stream, () => callback(smtpError(554, '5.7.1 Message rejected: content policy violation')));
    },
  }],
  2586: ['temporary failure at end of DATA (451)', {
    onData(stream, session, callback) {
      drain(stream, () => callback(smtpError(451, '4.3.0 Error: queue file write error')));
    },
  }],
  2587: ['STARTTLS and AUTH disabled; protocol errors', { disabledCommands: ['STARTTLS', 'AUTH'] }],
  2588: ['HELO/EHLO name must be fully qualified (checked at MAIL)', {
    onMailFrom(address, session, callback) {
      const helo = session.hostNameAppearsAs || '';
      if (!/^\[.*\]$/.test(helo) && !helo.includes('.')) {
        return callback(smtpError(550, `5.7.1 <${helo}>: Helo command rejected: need fully-qualified hostname`));
      }
      return callback();
    },
  }],
};

const servers = [];
for (const [port, [scenario, extra]] of Object.entries(scenarios)) {
  const options = Object.assign({
    name: NAME,
    banner: 'smtp-check node smtp-server',
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: extra.onAuth ? [] : ['AUTH'],
    logger: false,
    onRcptTo: defaultRcpt,
    onData: sinkData,
  }, tls, extra);
  const server = new SMTPServer(options);
  server.on('error', (err) => log(port, `error: ${err.message}`));
  server.listen(Number(port), HOST, () => log(port, `listening: ${scenario}`));
  servers.push(server);
}

function shutdown() {
  let open = servers.length;
  servers.forEach((s) => s.close(() => { if (--open === 0) process.exit(0); }));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
