/** Classifier backed by onnxruntime-node (CLI, tests). The browser gets its own implementation. */
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { Classifier } from './pipeline.ts';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../onnx/tile-health-v1.onnx', import.meta.url));

export class NodeClassifier implements Classifier {
  private readonly session: ort.InferenceSession;

  private constructor(session: ort.InferenceSession) {
    this.session = session;
  }

  static async create(modelPath: string = DEFAULT_MODEL_PATH): Promise<NodeClassifier> {
    const session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionProviders: ['cpu'],
    });
    return new NodeClassifier(session);
  }

  async run(batch: Float32Array, n: number): Promise<Float32Array> {
    const input = new ort.Tensor('float32', batch.subarray(0, n * 9 * 64 * 64), [n, 9, 64, 64]);
    const out = await this.session.run({ frames: input });
    const probs = out['probs'];
    if (!probs) throw new Error('model has no "probs" output');
    return probs.data as Float32Array;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
