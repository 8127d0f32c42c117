/** Messaging: the outbox every message to a customer goes through. */
export {
  holdBackQueuedMarketing,
  holdBackQueuedMessages,
  listMessages,
  queueMessage,
  queueMessages,
  messageStatus,
  recentMessageCount,
  unqueueMessages,
  type BlockReason,
  type MessageView,
  type QueuedMessage,
  type QueueMessageInput,
} from './outbox.service.ts';
export {
  afterFailedAttempt,
  deliverQueued,
  type DeliveryReport,
  type EmailTransport,
  type MailAttachment,
  type OutboxTransport,
  type SendResult,
} from './outbox-sender.ts';
export { smtpTransport, type SmtpOptions } from './smtp-transport.ts';
export {
  defaultOutboxConcurrency,
  maxOutboxConcurrency,
  outboxConcurrency,
} from './outbox-concurrency.ts';
export {
  onHardBounce,
  parseSmtpFailure,
  recordBounce,
  recordBounceEvents,
  type Bounce,
  type BounceEvent,
} from './bounces.service.ts';
export { type OutgoingMessage } from './outbox-sender.ts';
export { drainOutbox, registerOutboxWorker, type DrainOptions } from './outbox-worker.ts';
export { wakeOutbox } from './outbox-wake.ts';
export { httpSmsTransport } from './sms-http.ts';
export { localSmsTransport, smsTransportFor } from './sms-local.ts';
export { registerMessagingRoutes } from './messaging.routes.ts';
export { lastSmsTo, messageOrigin, type MessageOrigin } from './message-origin.ts';
export {
  configureReplyAddresses,
  readReplyAddress,
  replyAddress,
  replyAddressDays,
  type ReplyAddressConfig,
  type ReplyTarget,
} from './reply-address.ts';
export * from './schema.ts';
