/**
 * `npm run bench` (second part): the live decision path, bar in → order acknowledged by
 * the fake exchange over gRPC on loopback. See `liveDecision.ts`.
 * @module
 */
import { benchLiveDecision } from './liveDecision.js';

for (const line of await benchLiveDecision()) console.log(line);
