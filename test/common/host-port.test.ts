import { parseHostPort } from '../../src/lib/common/host-port';

describe('host:port (platform.apiServerEndpoint)', () => {
  test.each([
    ['api.example.com:6443', { host: 'api.example.com', port: 6443 }],
    ['10.0.0.10:443', { host: '10.0.0.10', port: 443 }],
    ['[fd00::10]:6443', { host: 'fd00::10', port: 6443 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
    ['api:65535', { host: 'api', port: 65535 }],
  ])('%s: the host (IPv6 without brackets, as KUBERNETES_SERVICE_HOST) and the port', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  test.each([
    ['fd00::10:6443', 'an IPv6 address goes in brackets, followed by the port: [fd00::10]:6443'],
    ['[fd00::g]:6443', '[fd00::g] is not an IPv6 address'],
    ['[fe80::1%eth0]:6443', '[fe80::1%eth0] is not an IPv6 address'],
    ['10.0.0.256:6443', '10.0.0.256 is not an IPv4 address'],
    ['10.1:6443', '10.1 is not an IPv4 address'],
    ['api_server:6443', 'api_server is neither an IP address nor a DNS name'],
    ['-api.example.com:6443', '-api.example.com is neither an IP address nor a DNS name'],
    ['api.example.com', 'the port is missing'],
    ['[fd00::10]', 'the port is missing'],
    ['api.example.com:', 'the port is missing'],
    [':6443', 'the host is missing'],
    ['api.example.com:0', 'the port 0 is not a number from 1 to 65535'],
    ['api.example.com:65536', 'the port 65536 is not a number from 1 to 65535'],
    ['api.example.com:https', 'the port https is not a number from 1 to 65535'],
    ['api.example.com:+443', 'the port +443 is not a number from 1 to 65535'],
  ])('fails when it is %s: %s', (text, problem) => {
    expect(parseHostPort(text)).toEqual({ problem });
  });
});
