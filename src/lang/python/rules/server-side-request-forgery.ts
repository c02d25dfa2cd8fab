import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-SSRF-001',
  name: 'server-side-request-forgery',
  title: "Server-side request forgery: untrusted data chooses the URL",
  cwe: Cwe.Ssrf,
  severity: 'high',
  confidence: 'high',
  sinkKind: 'ssrf',
  description: "Untrusted data chooses the host of an outgoing HTTP request (requests, httpx, urllib, aiohttp, http.client).",
  explanation: "The server makes the request from inside the network: the attacker reaches internal services, cloud metadata endpoints (169.254.169.254) and admin interfaces that the firewall hides from the outside.",
  fix: "Do not let users choose hosts: map an input key to a fixed URL, or check the parsed host against an allow-list (and resolve it to rule out internal addresses) before making the request.",
  docs: {
    why: "SSRF is how many cloud breaches start: the metadata endpoint hands out credentials to whoever asks from inside.",
    bad: "import requests\nfrom flask import request\n\ndef preview():\n    return requests.get(request.args[\"url\"], timeout=5).text",
    good: "import requests\nfrom flask import request\n\nFEEDS = {\"news\": \"https://news.example.com/feed\"}\n\ndef preview():\n    return requests.get(FEEDS[request.args[\"feed\"]], timeout=5).text",
    notDetected: "URLs whose scheme and host are fixed text (only the path or query is dynamic) are not reported.",
    references: [
      "https://cwe.mitre.org/data/definitions/918.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
    ],
  },
  message: ({ source, sink }) => `${source} chooses the URL requested by ${sink}`,
});
