/** Texts of changing a sent event's venue, start and places, and its history (en, ru, zh). */
const en = {
  title: 'Venue, time and places',
  intro:
    'The invitations are out: the content stays as sent. Venue, start and places may still change; the guests are told.',
  change: 'Change venue, time or places',
  cancel: 'Cancel',
  save: 'Save and tell the guests',
  notifyInvited: 'Also tell everyone invited who has not answered',
  notifyNote:
    'Registered and waiting guests get a change notice in their language, by the reminders’ channel, if they agreed to it. A change of places alone tells nobody.',
  belowRegistered: 'At least the {{registered}} people registered',
  saved: 'Changed: {{queued}} notices on their way, {{blocked}} not sent (consent, rules)',
  savedQuiet: 'Changed',
  readOnly: 'You see this event but do not run it: only its owner’s level may change it.',
  history: 'Changes',
  noChanges: 'No changes since the invitations went.',
  when: 'When',
  by: 'By',
  what: 'Change',
  venue: 'Venue: {{old}} → {{new}}',
  startsAt: 'Time: {{old}} → {{new}}',
  places: 'Places: {{old}} → {{new}}',
  noVenue: 'none',
  promoted: '{{count}} moved up from the waiting list',
  notices: 'Notices: {{queued}} sent, {{blocked}} not sent',
  system: 'System',
  cancelEvent: 'Cancel the event',
  cancelEventNote:
    'Everyone registered or waiting is told in their language, if they agreed to messages on the reminders’ channel; guests holding a place get a file that removes the event from their calendar. Reminders stop. This cannot be undone.',
  cancelEventConfirm: 'Cancel the event and tell the guests',
  cancelEventKeep: 'Keep the event',
  eventCancelled: 'This event is cancelled: the guests have been told.',
  cancelledToast:
    'Cancelled: {{queued}} notices on their way, {{blocked}} not sent (consent, rules)',
  cancelReason: 'Why (optional)',
  reasonInternal: 'For the records only: the guests do not see it.',
  historyCancelled: 'Event cancelled',
  historyReason: 'Reason: {{reason}}',
  guestCancel: 'Cancel registration',
  guestCancelTitle: 'Cancel the registration of {{name}}',
  guestCancelNotePlace:
    'The place goes to the first person on the waiting list. The guest is told in their language by the reminders’ channel, if they agreed to it, with a file that removes the event from their calendar; their reminders stop.',
  guestCancelNote:
    'The guest leaves the list. One who was waiting is told in their language by the reminders’ channel, if they agreed to it.',
  guestCancelConfirm: 'Cancel the registration',
  guestCancelKeep: 'Keep it',
  guestCancelledTold: 'The registration of {{name}} is cancelled; the notice is on its way.',
  guestCancelledSilent:
    'The registration of {{name}} is cancelled; no notice was sent (consent, rules).',
  guestCancelledBy: 'Cancelled by {{name}}',
};

type Texts = typeof en;

const ru: Texts = {
  title: 'Место, время и места',
  intro:
    'Приглашения отправлены: содержание остаётся как было. Место, начало и число мест ещё можно изменить; гостям сообщат.',
  change: 'Изменить место, время или число мест',
  cancel: 'Отмена',
  save: 'Сохранить и сообщить гостям',
  notifyInvited: 'Сообщить и всем приглашённым, кто ещё не ответил',
  notifyNote:
    'Зарегистрированные и ожидающие гости получат уведомление на своём языке по каналу напоминаний, если дали согласие. Изменение только числа мест никому не отправляется.',
  belowRegistered: 'Не меньше {{registered}} — столько уже зарегистрировано',
  saved:
    'Изменено: уведомлений отправляется — {{queued}}, не отправлено — {{blocked}} (согласие, правила)',
  savedQuiet: 'Изменено',
  readOnly:
    'Вы видите это мероприятие, но не ведёте его: менять его может только уровень владельца.',
  history: 'Изменения',
  noChanges: 'После отправки приглашений изменений не было.',
  when: 'Когда',
  by: 'Кто',
  what: 'Изменение',
  venue: 'Место: {{old}} → {{new}}',
  startsAt: 'Время: {{old}} → {{new}}',
  places: 'Мест: {{old}} → {{new}}',
  noVenue: 'не указано',
  promoted: 'из листа ожидания переведено: {{count}}',
  notices: 'Уведомления: отправлено {{queued}}, не отправлено {{blocked}}',
  system: 'Система',
  cancelEvent: 'Отменить мероприятие',
  cancelEventNote:
    'Все зарегистрированные и ожидающие гости получат сообщение на своём языке, если дали согласие на канал напоминаний; у гостей с местом файл удалит мероприятие из календаря. Напоминания прекратятся. Отменить это действие нельзя.',
  cancelEventConfirm: 'Отменить мероприятие и сообщить гостям',
  cancelEventKeep: 'Не отменять',
  eventCancelled: 'Мероприятие отменено: гостям сообщено.',
  cancelledToast:
    'Отменено: уведомлений отправляется — {{queued}}, не отправлено — {{blocked}} (согласие, правила)',
  cancelReason: 'Причина (необязательно)',
  reasonInternal: 'Только для записей: гости её не видят.',
  historyCancelled: 'Мероприятие отменено',
  historyReason: 'Причина: {{reason}}',
  guestCancel: 'Отменить регистрацию',
  guestCancelTitle: 'Отмена регистрации: {{name}}',
  guestCancelNotePlace:
    'Место перейдёт к первому в листе ожидания. Гость получит сообщение на своём языке по каналу напоминаний, если дал согласие, с файлом, который удалит мероприятие из его календаря; напоминания ему прекратятся.',
  guestCancelNote:
    'Гость уйдёт из списка. Ожидавший место получит сообщение на своём языке по каналу напоминаний, если дал согласие.',
  guestCancelConfirm: 'Отменить регистрацию',
  guestCancelKeep: 'Не отменять',
  guestCancelledTold: 'Регистрация ({{name}}) отменена; сообщение отправляется.',
  guestCancelledSilent:
    'Регистрация ({{name}}) отменена; сообщение не отправлено (согласие, правила).',
  guestCancelledBy: 'Отменил(а): {{name}}',
};

const zh: Texts = {
  title: '地点、时间和名额',
  intro: '邀请已发出：内容保持不变。地点、开始时间和名额仍可更改，并会通知客人。',
  change: '更改地点、时间或名额',
  cancel: '取消',
  save: '保存并通知客人',
  notifyInvited: '同时通知所有尚未回复的受邀者',
  notifyNote:
    '已报名和候补的客人如已同意，将通过提醒所用的渠道收到其语言的变更通知。仅更改名额不会通知任何人。',
  belowRegistered: '至少为已报名的 {{registered}} 人',
  saved: '已更改：{{queued}} 条通知发送中，{{blocked}} 条未发送（同意、规则）',
  savedQuiet: '已更改',
  readOnly: '您可以查看此活动，但不负责运营：只有其所属层级可以更改。',
  history: '变更记录',
  noChanges: '邀请发出后没有变更。',
  when: '时间',
  by: '操作人',
  what: '变更',
  venue: '地点：{{old}} → {{new}}',
  startsAt: '时间：{{old}} → {{new}}',
  places: '名额：{{old}} → {{new}}',
  noVenue: '无',
  promoted: '{{count}} 人从候补转为报名',
  notices: '通知：已发送 {{queued}}，未发送 {{blocked}}',
  system: '系统',
  cancelEvent: '取消活动',
  cancelEventNote:
    '所有已报名和候补的客人如已同意提醒渠道的消息，将收到其语言的通知；有名额的客人会收到从日历中删除该活动的文件。提醒将停止。此操作无法撤销。',
  cancelEventConfirm: '取消活动并通知客人',
  cancelEventKeep: '保留活动',
  eventCancelled: '此活动已取消：已通知客人。',
  cancelledToast: '已取消：{{queued}} 条通知发送中，{{blocked}} 条未发送（同意、规则）',
  cancelReason: '原因（可选）',
  reasonInternal: '仅供记录：客人看不到。',
  historyCancelled: '活动已取消',
  historyReason: '原因：{{reason}}',
  guestCancel: '取消报名',
  guestCancelTitle: '取消{{name}}的报名',
  guestCancelNotePlace:
    '名额将转给候补名单上的第一位。客人如已同意，将通过提醒所用的渠道收到其语言的通知，并附带从日历中删除该活动的文件；其提醒将停止。',
  guestCancelNote:
    '客人将从名单中移除。候补中的客人如已同意，将通过提醒所用的渠道收到其语言的通知。',
  guestCancelConfirm: '取消报名',
  guestCancelKeep: '保留',
  guestCancelledTold: '{{name}}的报名已取消，通知发送中。',
  guestCancelledSilent: '{{name}}的报名已取消，未发送通知（同意、规则）。',
  guestCancelledBy: '取消人：{{name}}',
};

export const eventDetails = { en, ru, zh };
