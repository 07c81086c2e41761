/**
 * nice-grpc refuses to listen unless every method of a service is implemented; the fake
 * models a subset, so the rest answer `UNIMPLEMENTED` like a real server without them.
 * @module
 */
import {
  ServerError,
  type ServiceImplementation,
  Status,
  type TsProtoServiceDefinition,
} from 'nice-grpc';
import type { FakeContextExt } from './context.js';

interface MethodShape {
  readonly name: string;
  readonly responseStream: boolean;
}

/** The implementation of `definition` with every method missing from `implemented` failing. */
export function withUnimplemented<Definition extends TsProtoServiceDefinition>(
  definition: Definition,
  implemented: Partial<ServiceImplementation<Definition, FakeContextExt>>,
): ServiceImplementation<Definition, FakeContextExt> {
  const result: Record<string, unknown> = { ...implemented };
  for (const [key, method] of Object.entries(definition.methods as Record<string, MethodShape>)) {
    if (key in result) continue;
    const error = () =>
      new ServerError(Status.UNIMPLEMENTED, `${method.name} is not modelled by the fake exchange`);
    // A stream fails on its first read; a unary call rejects.
    result[key] = method.responseStream
      ? () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error()) }) })
      : () => Promise.reject(error());
  }
  return result as ServiceImplementation<Definition, FakeContextExt>;
}
