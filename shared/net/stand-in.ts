/**
 * The stand-in client: documentation addresses (RFC 5737 TEST-NET-3, RFC 3849) that stand for "a client on another
 * network" when check is given no --source. Only the static firewall evaluation (Linux and Windows) uses them; no
 * packet is ever sent to them. Defined once here.
 */
export const STAND_IN_CLIENT = { 4: '203.0.113.10', 6: '2001:db8::10' } as const;
