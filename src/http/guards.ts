import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/actor.ts';
import type { Permission } from '../auth/roles.ts';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.ts';

/** The signed-in actor with the request id attached for the audit log. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedError();
  return { ...request.actor, requestId: request.id };
}

export function requirePermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = requireActor(request);
  if (!can(actor, permission)) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (${permission})`);
  }
  return actor;
}
