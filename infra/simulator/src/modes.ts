import { z } from 'zod';

/** What a simulated camera is doing. `cut` sends nothing; every other mode sends frames. */
export const MODES = ['normal', 'cut', 'blank', 'frozen', 'covered', 'defocused', 'reaimed'] as const;
export type Mode = (typeof MODES)[number];

export const BLANK_VARIANTS = ['black', 'solid', 'nosignal'] as const;
export type BlankVariant = (typeof BLANK_VARIANTS)[number];
export const COVER_VARIANTS = ['hand', 'cloth'] as const;
export type CoverVariant = (typeof COVER_VARIANTS)[number];

/** A mode with its variant resolved (variants exist for `blank` and `covered` only). */
export type ModeState =
  | { mode: 'blank'; variant: BlankVariant }
  | { mode: 'covered'; variant: CoverVariant }
  | { mode: Exclude<Mode, 'blank' | 'covered'>; variant?: undefined };

const plain = MODES.filter((m): m is Exclude<Mode, 'blank' | 'covered'> => m !== 'blank' && m !== 'covered');

/** Body of `PUT /cameras/:id/mode` and `PUT /mode`. */
export const ModeRequest = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('blank'), variant: z.enum(BLANK_VARIANTS).optional() }),
    z.strictObject({ mode: z.literal('covered'), variant: z.enum(COVER_VARIANTS).optional() }),
    ...plain.map((m) => z.strictObject({ mode: z.literal(m) })),
  ],
  {
    error: (issue) =>
      typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input)
        ? `mode must be one of ${MODES.join(', ')}`
        : 'the body must be a JSON object such as {"mode":"blank","variant":"nosignal"}',
  },
);
export type ModeRequest = z.infer<typeof ModeRequest>;

/** Fills in the default variant: `blank` → black, `covered` → hand or cloth by camera index. */
export function resolveMode(req: ModeRequest, cameraIndex: number): ModeState {
  if (req.mode === 'blank') return { mode: 'blank', variant: req.variant ?? 'black' };
  if (req.mode === 'covered') return { mode: 'covered', variant: req.variant ?? (cameraIndex % 2 ? 'cloth' : 'hand') };
  return { mode: req.mode };
}

/** Builds a request from loose input (CLI, programmatic API); throws a readable error when invalid. */
export function parseModeRequest(mode: string, variant?: string): ModeRequest {
  const r = ModeRequest.safeParse(variant === undefined ? { mode } : { mode, variant });
  if (!r.success) throw new Error(describeZodError(r.error));
  return r.data;
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      if (i.code === 'unrecognized_keys' && i.keys.includes('variant'))
        return 'variant applies only to blank and covered';
      const path = i.path.length ? `${i.path.join('.')}: ` : '';
      return `${path}${i.message}`;
    })
    .join('; ');
}
