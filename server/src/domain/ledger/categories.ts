import type { AlarmKind } from '@clinicwall/contract';

/**
 * The regulator's category of an alarm that stayed unreported past the threshold.
 *
 * Category 1, power or network cut interrupting video:
 * - signal_loss: the relay receives no media at all: the camera, its switch or the clinic's line is
 *   off. The plainest case of the category.
 * - blank: media still arrives but the picture is black or one colour: what an NVR or encoder
 *   streams when the camera behind it lost power or its cable was pulled. The video is interrupted
 *   at its source; nothing is in front of the lens.
 *
 * Category 2, camera damaged, re-aimed or covered:
 * - occluded: lens covered, sprayed or defocused: "covered".
 * - redirected: the view turned away from its reference: "re-aimed".
 * - frozen: media flows but the picture never changes: a broken camera or encoder, or a still image
 *   fed in its place. The line works and the device does not, which is damage (or tampering), not
 *   a cut.
 */
export const CATEGORY_OF_KIND: Record<AlarmKind, 1 | 2> = {
  signal_loss: 1,
  blank: 1,
  occluded: 2,
  redirected: 2,
  frozen: 2,
};
