import { z } from 'zod';
import { requireActor, requirePermission } from '../../http/guards.ts';
import { commonErrors, idParams, isoDateTime, listOf } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { handleTaskCompletion } from '../activities/index.ts';
import { captureLead } from './capture.service.ts';
import { claimPerson, transferLead } from './handover.service.ts';
import {
  boardQuery,
  captureResultSchema,
  claimBody,
  leadChangesBody,
  leadDetailSchema,
  leadFilterQuery,
  leadTaskCompletionBody,
  leadSchema,
  newLeadBody,
  newRuleBody,
  ruleChangesBody,
  ruleOrderBody,
  ruleSchema,
  showroomLogBody,
  sourceBody,
  sourceSchema,
  stageBody,
  transferBody,
} from './leads.schemas.ts';
import { completeLeadTask, completeTaskOfLead } from './lead-tasks.service.ts';
import { getLead, leadBoard, listLeads, updateLead } from './leads.service.ts';
import { leadFunnelBySource, moveLeadStage } from './pipeline.service.ts';
import { leadStages } from './schema.ts';
import {
  createRule,
  createSource,
  listRules,
  listSources,
  updateRule,
} from './settings.service.ts';
import { reorderRules } from './routing-order.service.ts';
import { showroomCapture } from './showroom-log.ts';
import { registerSourceCostRoutes } from './source-costs.routes.ts';
import { registerLeadExportRoutes } from './lead-export.routes.ts';
import { registerLeadJobs } from './leads.jobs.ts';
import { registerCustomerMover } from '../quality/merge/customer-movers.ts';
import { customerMover } from './customer-merge.ts';
import type { Actor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { checkCapturedCustomers } from '../quality/index.ts';
import type { LeadCaptureResult } from './capture.types.ts';

const tags = ['leads'];

/**
 * A lead that created a new person carries the likely duplicates of that person, for the user
 * to see; the quality module's one capture check also queues them for review.
 */
async function withDuplicateWarning(db: Db, actor: Actor, result: LeadCaptureResult) {
  if (!result.customerCreated) return result;
  const found = await checkCapturedCustomers(db, actor, [result.customerId]);
  return { ...result, possibleDuplicates: found.get(result.customerId) ?? [] };
}

export function registerLeadRoutes(app: App): void {
  registerCustomerMover(customerMover);
  handleTaskCompletion(completeTaskOfLead);
  registerLeadJobs(app);
  registerSourceCostRoutes(app);
  registerLeadExportRoutes(app);
  app.post(
    '/api/leads',
    {
      schema: {
        tags,
        summary:
          'Enter a prospect (consultant entry): finds or creates the person, routes the lead',
        body: newLeadBody,
        response: { 201: captureResultSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:write');
      reply.code(201);
      return withDuplicateWarning(app.db, actor, await captureLead(app.db, actor, request.body));
    },
  );

  app.post(
    '/api/leads/showroom',
    {
      schema: {
        tags,
        summary: 'Log a showroom walk-in or phone call at the reception desk',
        body: showroomLogBody,
        response: { 201: captureResultSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'customers:write');
      reply.code(201);
      return withDuplicateWarning(
        app.db,
        actor,
        await captureLead(app.db, actor, showroomCapture(request.body)),
      );
    },
  );

  app.get(
    '/api/leads',
    {
      schema: {
        tags,
        summary: 'Leads in your scope, with filters',
        querystring: leadFilterQuery,
        response: { 200: listOf(leadSchema), ...commonErrors },
      },
    },
    async (request) => listLeads(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/leads/board',
    {
      schema: {
        tags,
        summary: 'The kanban board: leads grouped by pipeline stage',
        querystring: boardQuery,
        response: {
          200: z.object({
            columns: z.array(
              z.object({
                stage: z.enum(leadStages),
                total: z.number().int(),
                items: z.array(leadSchema),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => leadBoard(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/leads/funnel',
    {
      schema: {
        tags,
        summary: 'Leads per source over a period and how many were delivered',
        querystring: z.strictObject({
          from: isoDateTime,
          to: isoDateTime,
          dealerId: z.uuid().optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ source: z.string(), leads: z.number(), delivered: z.number() }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request) => ({
      items: await leadFunnelBySource(app.db, requireActor(request), request.query),
    }),
  );

  app.post(
    '/api/leads/claim',
    {
      schema: {
        tags,
        summary: 'Claim a person another dealer owns for a brand but no longer works',
        body: claimBody,
        response: { 200: z.object({ customerId: z.string() }), ...commonErrors },
      },
    },
    async (request) => claimPerson(app.db, requireActor(request), request.body),
  );

  app.get(
    '/api/leads/:id',
    {
      schema: {
        tags,
        summary: 'One lead: temperature, what is missing to qualify it, stage history, next step',
        params: idParams,
        response: { 200: leadDetailSchema, ...commonErrors },
      },
    },
    async (request) => getLead(app.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/leads/:id',
    {
      schema: {
        tags,
        summary: 'Change a lead; a new next-contact date plans a follow-up task',
        params: idParams,
        body: leadChangesBody,
        response: { 200: leadDetailSchema, ...commonErrors },
      },
    },
    async (request) => updateLead(app.db, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/leads/:id/stage',
    {
      schema: {
        tags,
        summary: 'Move a lead to another pipeline stage (lost needs a reason)',
        params: idParams,
        body: stageBody,
        response: { 200: leadDetailSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { stage, ...detail } = request.body;
      // a person moving a card may also move it back, to correct the board
      await moveLeadStage(app.db, actor, request.params.id, stage, { ...detail, allowBack: true });
      return getLead(app.db, actor, request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Hand a lead and its person over to another dealer (audited)',
        params: idParams,
        body: transferBody,
        response: { 204: z.null(), ...commonErrors },
      },
    },
    async (request, reply) => {
      await transferLead(app.db, requireActor(request), request.params.id, request.body);
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/leads/:id/tasks/:taskId/complete',
    {
      schema: {
        tags,
        summary: "Close a lead's follow-up task with its result and the next step",
        params: z.strictObject({ id: z.uuid(), taskId: z.uuid() }),
        body: leadTaskCompletionBody,
        response: { 200: leadDetailSchema, ...commonErrors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await completeLeadTask(app.db, actor, request.params.id, request.params.taskId, request.body);
      return getLead(app.db, actor, request.params.id);
    },
  );

  app.get(
    '/api/lead-sources',
    {
      schema: {
        tags,
        summary: 'Lead sources (channels)',
        response: { 200: z.object({ items: z.array(sourceSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listSources(app.db, requireActor(request)) }),
  );

  app.post(
    '/api/lead-sources',
    {
      schema: {
        tags,
        summary: 'Add a lead source',
        body: sourceBody,
        response: { 201: sourceSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createSource(app.db, requireActor(request), request.body);
    },
  );

  app.get(
    '/api/lead-routing-rules',
    {
      schema: {
        tags,
        summary: 'Lead routing rules, in the order they are tried',
        response: { 200: z.object({ items: z.array(ruleSchema) }), ...commonErrors },
      },
    },
    async (request) => ({ items: await listRules(app.db, requireActor(request)) }),
  );

  app.post(
    '/api/lead-routing-rules',
    {
      schema: {
        tags,
        summary: 'Add a routing rule',
        body: newRuleBody,
        response: { 201: ruleSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createRule(app.db, requireActor(request), request.body);
    },
  );

  app.patch(
    '/api/lead-routing-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a routing rule',
        params: idParams,
        body: ruleChangesBody,
        response: { 200: ruleSchema, ...commonErrors },
      },
    },
    async (request) => updateRule(app.db, requireActor(request), request.params.id, request.body),
  );

  app.put(
    '/api/lead-routing-rules/order',
    {
      schema: {
        tags,
        summary: 'Put the routing rules in a new order, all at once',
        description:
          'The ids of every rule you see, each once, in the order they are to be tried. ' +
          'Answers the rules in their new order; a list missing a rule (added meanwhile) is a 400.',
        body: ruleOrderBody,
        response: { 200: z.object({ items: z.array(ruleSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: await reorderRules(app.db, requireActor(request), request.body.ids),
    }),
  );
}
