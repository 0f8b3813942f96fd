import { notYet } from './not-yet';
import type { HandlerTable } from './types';

/** `ports:*` handlers. */
export const portsHandlers: Pick<HandlerTable, 'ports:list'> = {
  'ports:list': async () => notYet('Listing sockets', 3),
};
