import { OnEvent, type OnEventOptions } from '@nestjs/event-emitter';
import type { DomainEventMap, DomainEventName } from './domain-events';

/** A method that can take the payload of event E (it may ignore it, or read only part of it). */
export type DomainEventListener<E extends DomainEventName> = (payload: DomainEventMap[E]) => unknown;

/**
 * Spelled out rather than left to the module's defaults, since the bus's promises rest on them:
 * - suppressErrors: the module's wrapper catches what a listener throws or rejects with and logs
 *   it, so a failing subscriber never reaches the publisher, whether it used publish (emit) or
 *   publishAndWait (emitAsync, which therefore never rejects);
 * - no async, nextTick or promisify: the listener is called inside emit itself, so the promise
 *   its wrapper returns is the one publishAndWait awaits, and publishers see the listeners of
 *   one event start before the next event is published.
 */
const LISTENER_OPTIONS: OnEventOptions = { suppressErrors: true };

/**
 * Subscribes the decorated method to the domain event `name`, checked against DomainEventMap,
 * and holds the method to that event's payload: a handler written for another payload does not
 * compile. Stacked for several events, the method must accept each of their payloads.
 * Registration is @nestjs/event-emitter's @OnEvent underneath (on application bootstrap, for
 * every provider), so the emitter, its error logging and DomainEventBus are as before.
 */
export function OnDomainEvent<E extends DomainEventName>(name: E) {
  const register = OnEvent(name, LISTENER_OPTIONS);
  // Generic in the method's own type: TypedPropertyDescriptor<T> is invariant in T (its `set`
  // takes a T), so only a bound, not the descriptor's type argument, lets a method that takes
  // a wider payload (or none) or returns a promise through while refusing one that needs more.
  return <Listener extends DomainEventListener<E>>(
    target: object,
    method: string | symbol,
    descriptor: TypedPropertyDescriptor<Listener>,
  ): void => {
    register(target, method, descriptor);
  };
}
