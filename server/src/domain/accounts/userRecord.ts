import type { UserDto } from '@clinicwall/contract';

/** A user as stored: the DTO plus the password hash, which never leaves the accounts core. */
export interface UserRecord extends UserDto {
  /** Encoded hash from the PasswordHasher (e.g. a PHC `$argon2id$...` string). */
  passwordHash: string;
  passwordChangedAt: string;
}

export function toUserDto(record: UserRecord): UserDto {
  return {
    id: record.id,
    username: record.username,
    displayName: record.displayName,
    role: record.role,
    regionIds: [...record.regionIds],
    allRegions: record.allRegions,
    clinicId: record.clinicId,
    disabled: record.disabled,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lastLoginAt: record.lastLoginAt,
  };
}

/** User ids derive from the (immutable, never reused: users are disabled, not deleted) username. */
export const userIdOf = (username: string): string => `u-${username}`;
