import type { Camera, CameraArea, Clinic, RegistrySnapshot } from '@clinicwall/contract';

/** A camera as the wall shows it: the registry entry joined with its clinic and region. */
export interface WallCamera {
  id: string;
  name: string;
  nameEn: string;
  area: CameraArea;
  clinicId: string;
  clinicName: string;
  clinicNameEn: string;
  clinicCode: string;
  regionName: string;
  regionNameEn: string;
}

/**
 * The wall's cameras in registry order (the registry lists a clinic's cameras together; keeping its
 * order makes paging stable and predictable: camera N of the registry is always on the same page).
 * Cameras whose clinic is missing from the snapshot are still shown, labelled with their clinic id.
 */
export function wallCameras(snapshot: RegistrySnapshot): WallCamera[] {
  const clinics = new Map<string, Clinic>(snapshot.clinics.map((c) => [c.id, c]));
  const regions = new Map(snapshot.regions.map((r) => [r.id, r]));
  return snapshot.cameras.map((cam: Camera) => {
    const clinic = clinics.get(cam.clinicId);
    const region = clinic ? regions.get(clinic.regionId) : undefined;
    return {
      id: cam.id,
      name: cam.name,
      nameEn: cam.nameEn,
      area: cam.area,
      clinicId: cam.clinicId,
      clinicName: clinic?.name ?? cam.clinicId,
      clinicNameEn: clinic?.nameEn ?? cam.clinicId,
      clinicCode: clinic?.code ?? '',
      regionName: region?.name ?? '',
      regionNameEn: region?.nameEn ?? '',
    };
  });
}
