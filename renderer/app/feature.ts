// How a feature plugs into the frame. A feature folder (renderer/inbox, renderer/sync, …) exports
// one of these objects; renderer/app/features.ts lists them; the frame builds the rail, the status
// bar, the keyboard shortcuts and the stores' lifetimes from that list alone, so the frame never
// imports a feature's internals and adding a feature edits no other feature's files.
import type { ComponentType } from 'react';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { TeleworkerApi } from '../../shared/contract';
import type { AccountState } from '../../shared/contract/account';

export type SignedInAccount = Extract<AccountState, { status: 'signed-in' }>;
export type SignedInUser = SignedInAccount['user'];

/** What the frame asks of every feature's store: load what it shows and follow changes. */
export interface Followable {
  /** Loads the current state and subscribes to the main process; returns the unsubscribe. */
  follow(): () => void;
}

interface FeatureBase<S extends Followable> {
  /** Stable and unique: the saved last section, data-testids and CSS hooks use it. */
  id: string;
  /** Position in the rail or in the status bar's zone (lower first). */
  order: number;
  /**
   * 'app': one store for the window's whole life, shown signed in or out (connectivity, help).
   * 'session': a fresh store at each sign-in, dropped at sign-out, so nothing of one user's data
   * is left for the next; shown only while someone is signed in and `visible(user)` says so.
   */
  scope: 'app' | 'session';
  /** For 'session' features: whether this user sees it at all (e.g. managers only). Default: everyone. */
  visible?(user: SignedInUser): boolean;
  createStore(api: TeleworkerApi): StoreApi<S>;
}

/** One place in the navigation rail with its own header and main area. */
export interface SectionFeature<S extends Followable = Followable> extends FeatureBase<S> {
  kind: 'section';
  /** catalogue key of the rail label and the section heading */
  titleKey: string;
  /** an SVG drawn in currentColor; hidden from assistive technology (the label names the item) */
  icon: ComponentType;
  /** key bindings that open the section: 'g i' (a sequence), 'Ctrl+1' (a chord), 'F1' */
  shortcuts: readonly string[];
  /** the rail's top group (the work) or its bottom (help) */
  placement: 'top' | 'bottom';
  /**
   * The section's screens, in a chunk of their own: `() => import('./screens')`, a module that
   * exports `View` (and `HeaderActions`). Loaded the first time the section opens and prefetched
   * when its rail button is hovered or focused, so the sign-in screen and the frame never load it.
   */
  load(): Promise<SectionScreens<S>>;
  /** an attention count on the rail item (unread, new assignments); null or 0 shows none */
  badge?(state: S): number | null;
  /**
   * Selects one item in the section's store (a ticket 'INC-1042', a conversation): called when a
   * notification, a link in another section, `teleworker open` or a teleworker:// link opens it.
   */
  open?(store: StoreApi<S>, item: string): void;
  /** the section's own keys, listed under `?` while it is open */
  keys?: readonly { keys: string; labelKey: string }[];
}

/** What a section's chunk exports (see SectionFeature.load). */
export interface SectionScreens<S extends Followable = Followable> {
  View: ComponentType<{ store: StoreApi<S> }>;
  /** search, filters or the primary action, shown in the section header beside the title */
  HeaderActions?: ComponentType<{ store: StoreApi<S> }>;
}

/** One item of the always-visible status bar (connectivity, work timer, sync, presence, language). */
export interface StatusItemFeature<S extends Followable = Followable> extends FeatureBase<S> {
  kind: 'status';
  /** 'start': the left-hand group (connection, timer, sync); 'end': the right-hand group (me, language) */
  zone: 'start' | 'end';
  Item: ComponentType<{ store: StoreApi<S> }>;
}

export type Section = SectionFeature;
export type StatusItem = StatusItemFeature;
export type Feature = Section | StatusItem;

// The frame keeps features of different store types in one list. Each feature's View only ever
// receives the store its own createStore made (see feature-stores.ts), which is what makes the
// erasure below sound; it is the one cast in the frame.
export function defineSection<S extends Followable>(section: Omit<SectionFeature<S>, 'kind'>): Section {
  return { ...section, kind: 'section' } as unknown as Section;
}

export function defineStatusItem<S extends Followable>(item: Omit<StatusItemFeature<S>, 'kind'>): StatusItem {
  return { ...item, kind: 'status' } as unknown as StatusItem;
}

/** A store for a feature that has nothing to load yet (honest empty sections, the language picker). */
export function staticStore(): StoreApi<Followable> {
  return createStore<Followable>()(() => ({ follow: () => () => {} }));
}

export function isVisibleTo(feature: Feature, user: SignedInUser | null): boolean {
  if (feature.scope === 'app') return true;
  return user !== null && (feature.visible?.(user) ?? true);
}
