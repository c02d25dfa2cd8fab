import type { FrameworkSpec } from '../../../../dataflow/spec.js';
import { djangoSpec } from './django.js';
import { fastapiSpec } from './fastapi.js';
import { flaskSpec } from './flask.js';
import { databaseSpec, directorySpec, httpClientSpec } from './libraries.js';
import { stdlibSpec } from './stdlib.js';

/** Every framework table the taint engine loads. */
export const frameworkSpecs: readonly FrameworkSpec[] = [stdlibSpec, flaskSpec, djangoSpec, fastapiSpec, databaseSpec, httpClientSpec, directorySpec];
