import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, normalizeName, unwrap } from '../ast.js';
import { defineCppRule } from '../rule.js';

export const rule = defineCppRule<{ what: string }>({
  id: 'C-TLS-001',
  name: 'c-tls-verification-disabled',
  title: 'TLS certificate verification disabled',
  cwe: Cwe.CertificateValidation,
  relatedCwe: [Cwe.HostMismatch],
  severity: 'high',
  confidence: 'high',
  description: 'SSL_CTX_set_verify/SSL_set_verify with SSL_VERIFY_NONE, CURLOPT_SSL_VERIFYPEER or CURLOPT_SSL_VERIFYHOST set to 0, QSslSocket::VerifyNone as the peer verify mode, or QSslSocket::ignoreSslErrors() with no list of expected errors.',
  explanation: 'Without certificate verification any machine on the network path can present its own certificate and read or change the traffic the program believes is protected.',
  fix: 'Keep verification on (SSL_VERIFY_PEER with a CA store, CURLOPT_SSL_VERIFYPEER 1 and VERIFYHOST 2, QSslSocket::VerifyPeer); for a self-signed server, add its certificate to the trusted CAs or pass ignoreSslErrors() the exact expected errors.',
  docs: {
    why: 'Disabled certificate checks turn TLS into unauthenticated encryption that any man in the middle can break.',
    bad: '#include <curl/curl.h>\n\nvoid fetch(CURL *curl) {\n    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);\n    curl_easy_perform(curl);\n}',
    good: '#include <curl/curl.h>\n\nvoid fetch(CURL *curl) {\n    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);\n    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);\n    curl_easy_perform(curl);\n}',
    notDetected: 'A verify callback that accepts every certificate (returns 1 unconditionally) is not analysed.',
    references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://curl.se/libcurl/c/CURLOPT_SSL_VERIFYPEER.html', 'https://doc.qt.io/qt-6/qsslsocket.html#ignoreSslErrors'],
  },
  visits: ['call_expression'],
  message: ({ what }) => what,
  check(ctx, call) {
    const callee = calleeOf(call);
    if (!callee) return [];
    const args = argumentsOf(call);
    const text = (i: number): string => normalizeName(args[i] ? unwrap(args[i]).text : '');
    if ((callee.name === 'SSL_CTX_set_verify' || callee.name === 'SSL_set_verify') && text(1) === 'SSL_VERIFY_NONE') return [ctx.report(call, { what: `${callee.name}() turns certificate verification off (SSL_VERIFY_NONE)` })];
    if (callee.name === 'curl_easy_setopt' && /^CURLOPT_(?:PROXY_)?SSL_VERIFY(?:PEER|HOST)$/.test(text(1)) && ctx.constants.integer(args[2]) === 0) {
      return [ctx.report(call, { what: `${text(1)} is set to 0: the server's certificate is not checked` })];
    }
    if (callee.name === 'setPeerVerifyMode' && /(?:^|::)VerifyNone$/.test(text(0))) return [ctx.report(call, { what: 'the peer verify mode is VerifyNone: the server\'s certificate is not checked' })];
    if (callee.name === 'ignoreSslErrors' && callee.receiver && args.length === 0) return [ctx.report(call, { what: 'ignoreSslErrors() without a list ignores every certificate error' })];
    return [];
  },
});
