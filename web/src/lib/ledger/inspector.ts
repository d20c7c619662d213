import {
  INSPECTOR_CATEGORIES,
  type InspectorCategory,
  type InspectorLedgerEntryCreateInput,
} from '@clinicwall/contract';
import { localInputToIso } from '../maintenance/time.ts';

export interface InspectorForm {
  category: InspectorCategory | null;
  note: string;
  /** datetime-local value in the browser's zone. */
  occurredAt: string;
  cameraIds: string[];
}

export type InspectorField = keyof InspectorForm;
export type InspectorErrorKey = 'ledger.err.category' | 'ledger.err.note' | 'ledger.err.time';
export type InspectorErrors = Partial<Record<InspectorField | 'form', { key: InspectorErrorKey } | { text: string }>>;

export function validateInspectorForm(form: InspectorForm): InspectorErrors {
  const errors: InspectorErrors = {};
  if (form.category === null || !(INSPECTOR_CATEGORIES as readonly number[]).includes(form.category))
    errors.category = { key: 'ledger.err.category' };
  if (form.note.trim().length < 2) errors.note = { key: 'ledger.err.note' };
  if (localInputToIso(form.occurredAt) === null) errors.occurredAt = { key: 'ledger.err.time' };
  return errors;
}

export function inspectorBody(clinicId: string, form: InspectorForm): InspectorLedgerEntryCreateInput {
  return {
    clinicId,
    category: form.category ?? 3,
    note: form.note.trim(),
    occurredAt: localInputToIso(form.occurredAt) ?? form.occurredAt,
    cameraIds: [...form.cameraIds],
  };
}

/** The server's per-field messages on the form's fields. */
export function inspectorServerErrors(fields: Record<string, string> | undefined, message: string): InspectorErrors {
  const known: InspectorField[] = ['category', 'note', 'occurredAt', 'cameraIds'];
  const errors: InspectorErrors = {};
  for (const [path, text] of Object.entries(fields ?? {})) {
    const head = path.split('.')[0] as InspectorField;
    const field = known.includes(head) ? head : 'form';
    errors[field] ??= { text };
  }
  if (Object.keys(errors).length === 0) errors.form = { text: message };
  return errors;
}
