/**
 * What the server middleware adds to every call's context for the service handlers.
 * @module
 */
import type { CallContext } from 'nice-grpc';
import type { OrderFault } from '../control/FaultInjector.js';
import type { TokenGrant } from '../trading/AccountRegistry.js';

/** Context fields set by the middleware. */
export interface FakeContextExt {
  /** The authenticated token. */
  readonly grant: TokenGrant;
  /** The call's `x-tracking-id`. */
  readonly trackingId: string;
  /** An order fault queued for this call, applied by `PostOrder`. */
  readonly orderFault: OrderFault | undefined;
}

/** The context service handlers get. */
export type FakeContext = CallContext & FakeContextExt;
