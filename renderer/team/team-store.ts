import { createStore } from 'zustand/vanilla';
import type { ContractErrorData, TeleworkerApi } from '../../shared/contract';
import type { TeamToday, TeamWeek } from '../../shared/contract/session';

export interface TeamState {
  team: TeamToday | null;
  error: ContractErrorData | null;
  loading: boolean;
  /** the person whose summary is open */
  selected: string | null;
  exportError: ContractErrorData | null;
  follow(): () => void;
  load(): Promise<void>;
  select(userId: string | null): void;
  exportCsv(from: string, to: string): Promise<{ filename: string; text: string } | null>;
  /** the same range as the office's spreadsheet (xlsx), its bytes as base64 */
  exportSpreadsheet(from: string, to: string): Promise<{ filename: string; base64: string } | null>;
  ackError: ContractErrorData | null;
  week: TeamWeek | null;
  weekError: ContractErrorData | null;
  loadWeek(): Promise<void>;
  /** acknowledges a summary (queued: it reaches the office when it can) */
  acknowledge(summaryId: string, reply: string, requestCorrection: boolean): Promise<boolean>;
}

export const createTeamStore = (api: TeleworkerApi) =>
  createStore<TeamState>()((set, get) => ({
    team: null,
    error: null,
    loading: false,
    selected: null,
    exportError: null,
    ackError: null,
    week: null,
    weekError: null,
    async loadWeek() {
      const r = await api.session.getTeamWeek();
      set(r.ok ? { week: r.value, weekError: null } : { weekError: r.error });
    },
    async acknowledge(summaryId, reply, requestCorrection) {
      const r = await api.session.acknowledgeSummary({
        summaryId,
        ...(reply.trim() ? { reply: reply.trim() } : {}),
        ...(requestCorrection ? { requestCorrection: true } : {}),
      });
      set(r.ok ? { team: r.value, ackError: null } : { ackError: r.error });
      return r.ok;
    },
    follow() {
      const off = api.session.onTeamChanged((team) => set({ team, error: null }));
      void get().load();
      void get().loadWeek();
      return off;
    },
    async load() {
      set({ loading: true });
      const r = await api.session.getTeam();
      set(r.ok ? { team: r.value, error: null, loading: false } : { error: r.error, loading: false });
    },
    select: (selected) => set({ selected }),
    async exportCsv(from, to) {
      const r = await api.session.exportTeamCsv({ from, to });
      set({ exportError: r.ok ? null : r.error });
      return r.ok ? r.value : null;
    },
    async exportSpreadsheet(from, to) {
      const r = await api.session.exportTeamSpreadsheet({ from, to });
      set({ exportError: r.ok ? null : r.error });
      return r.ok ? r.value : null;
    },
  }));
export type TeamStore = ReturnType<typeof createTeamStore>;
