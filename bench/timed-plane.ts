import { ControlPlane } from "../src/simulator/types";

/** A control plane as served, noting in `stamps` when it answered each API request (its /__sim controls untouched). */
export function timed(plane: ControlPlane, stamps: number[]): ControlPlane {
  return {
    handle: (request) => {
      const answer = plane.handle(request);
      if (answer) stamps.push(Date.now());
      return answer;
    },
    control: plane.control?.bind(plane),
  };
}
