/** `routekit/navigation` (and `next/navigation`): the helpers that make sense in route handlers. */
export {
  forbidden,
  notFound,
  permanentRedirect,
  redirect,
  RedirectType,
  unauthorized,
  unstable_rethrow,
} from './runtime/next-navigation.ts'
