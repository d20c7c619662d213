import type { MaintenanceReportDto } from '@clinicwall/contract';
import type { MaintenanceStore } from '../../domain/maintenance/maintenanceStore.ts';

/** In-memory MaintenanceStore (embedded default, test double). */
export class MemoryMaintenanceStore implements MaintenanceStore {
  readonly #reports = new Map<string, MaintenanceReportDto>();

  async put(report: MaintenanceReportDto): Promise<void> {
    this.#reports.set(report.id, structuredClone(report));
  }

  async get(id: string): Promise<MaintenanceReportDto | null> {
    const r = this.#reports.get(id);
    return r ? structuredClone(r) : null;
  }

  async ofClinic(clinicId: string, from: number, to: number): Promise<MaintenanceReportDto[]> {
    return this.#where((r) => r.clinicId === clinicId && r.startsAt < to && r.endsAt > from);
  }

  async ofCamera(cameraId: string, after: number): Promise<MaintenanceReportDto[]> {
    return this.#where((r) => r.cameraIds.includes(cameraId) && r.endsAt > after);
  }

  #where(keep: (r: MaintenanceReportDto) => boolean): MaintenanceReportDto[] {
    return [...this.#reports.values()]
      .filter(keep)
      .sort((a, b) => a.startsAt - b.startsAt)
      .map((r) => structuredClone(r));
  }
}
