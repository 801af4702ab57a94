/** Route segment config checks at build (spec R77, R78, R95): errors Next raises and warnings it prints. */
import type { ResolvedConfig } from '../config/resolved-config.ts'
import { createError, type RoutekitError } from '../errors.ts'
import type { ManifestRoute } from './manifest.ts'

// R95: under cacheComponents these exports fail the build; maxDuration, preferredRegion and
// generateStaticParams stay allowed.
const INCOMPATIBLE_WITH_CACHE_COMPONENTS = ['dynamic', 'revalidate', 'fetchCache', 'dynamicParams', 'runtime']

/** Errors (R95) and warnings (R78) for the segment config exports of every route. */
export function checkSegmentConfig(
  routes: readonly ManifestRoute[],
  config: Pick<ResolvedConfig, 'cacheComponents' | 'file'>,
): { errors: RoutekitError[]; warnings: string[] } {
  const errors: RoutekitError[] = []
  const warnings: string[] = []
  for (const route of routes) {
    if (config.cacheComponents) {
      for (const name of INCOMPATIBLE_WITH_CACHE_COMPONENTS) {
        if (route.exports.includes(name)) {
          errors.push(
            createError('RK_SEGMENT_CONFIG_CACHE_COMPONENTS', {
              file: route.file,
              name,
              config: config.file ?? 'next.config',
            }),
          )
        }
      }
    }
    if (route.exports.includes('preferredRegion')) {
      warnings.push(
        `'${route.file}': The "preferredRegion" route segment config is deprecated (it has no effect on Routekit).`,
      )
    }
  }
  return { errors, warnings }
}
