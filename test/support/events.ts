import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DomainEventMap, DomainEventName } from '../../src/events/domain-events';
import type { TestApp } from './test-app';

export interface RecordedEvent {
  name: DomainEventName;
  payload: DomainEventMap[DomainEventName];
}

/** Records every domain event the app publishes, as a subscriber (realtime, webhooks) would receive it. */
export function recordEvents(t: TestApp): {
  events: RecordedEvent[];
  named<E extends DomainEventName>(name: E): DomainEventMap[E][];
} {
  const events: RecordedEvent[] = [];
  t.app.get(EventEmitter2).onAny((name: string | string[], payload: unknown) => {
    events.push({ name: name as DomainEventName, payload: payload as DomainEventMap[DomainEventName] });
  });
  return {
    events,
    named: <E extends DomainEventName>(name: E) =>
      events.filter((event) => event.name === name).map((event) => event.payload as DomainEventMap[E]),
  };
}
