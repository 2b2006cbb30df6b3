import type { Rng } from '../random.ts';
import { round } from '../values.ts';

/** A detection in normalised frame coordinates (0..1, origin top left), as in the contract's motion event. */
export interface BoundingBox {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  confidence: number;
}

// People dominate what a security camera sees; the rest is what moves around buildings.
const LABELS = ['person', 'person', 'person', 'car', 'car', 'bicycle', 'dog', 'cat'] as const;

/** One to three boxes that fit inside the frame. */
export function motionBoxes(rng: Rng): BoundingBox[] {
  const n = 1 + Math.floor(rng.next() * rng.next() * 3); // mostly one
  const boxes: BoundingBox[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng.pick(LABELS);
    const w = rng.uniform(0.05, 0.35);
    const h = label === 'person' ? rng.uniform(0.15, 0.6) : rng.uniform(0.08, 0.35);
    boxes.push({
      x: round(rng.uniform(0, 1 - w), 3),
      y: round(rng.uniform(0, 1 - h), 3),
      w: round(w, 3),
      h: round(h, 3),
      label,
      confidence: round(rng.uniform(0.5, 0.99), 2),
    });
  }
  return boxes;
}
