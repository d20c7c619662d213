import type { MaintenanceReportDto } from '@clinicwall/contract';

/** Storage port of maintenance reports. Reports are kept for the record; none is ever removed. */
export interface MaintenanceStore {
  put(report: MaintenanceReportDto): Promise<void>;
  get(id: string): Promise<MaintenanceReportDto | null>;
  /** Reports of a clinic whose window overlaps [from, to), by start. */
  ofClinic(clinicId: string, from: number, to: number): Promise<MaintenanceReportDto[]>;
  /** Reports naming the camera whose window ends after `after`, by start. */
  ofCamera(cameraId: string, after: number): Promise<MaintenanceReportDto[]>;
}
