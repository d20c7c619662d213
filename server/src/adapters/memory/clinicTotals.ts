import type { ClinicTotal, ClinicTotals } from '../../domain/swipes/ports.ts';

/** The recent totals per clinic, in memory (newest first, at most the window). */
export class MemoryClinicTotals implements ClinicTotals {
  readonly #clinics = new Map<string, number[]>();

  async observe(totals: readonly ClinicTotal[], window: number): Promise<number[][]> {
    return totals.map(({ clinicId, cents }) => {
      const recent = this.#clinics.get(clinicId) ?? [];
      this.#clinics.set(clinicId, [cents, ...recent.slice(0, window - 1)]);
      return recent.slice(0, window);
    });
  }
}
