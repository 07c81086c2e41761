/**
 * tsyringe, with its Reflect polyfill loaded first. tsyringe throws at import time
 * without `Reflect.getMetadata`, and the framework is imported as a library (test
 * kit, benchmarks, embedders) as well as run as the CLI, so the polyfill is loaded
 * here, once, and every module reaches tsyringe through this file.
 * @module
 */
import 'reflect-metadata';

export { container, type DependencyContainer, inject, injectable } from 'tsyringe';
