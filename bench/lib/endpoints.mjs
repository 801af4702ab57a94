// The endpoints every contender serves, with the exact status and body each must answer.

/** ≈200 bytes of JSON, the body of `POST /api/search`. */
export const POST_BODY = JSON.stringify({
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  tags: ['math', 'engines', 'poetry'],
  address: { street: '12 St James Square', city: 'London', country: 'UK' },
  active: true,
  score: 42,
  note: 'bench',
})

/** The 50 rows of `/api/products` (see lib/products.mjs and app-seed/lib/products.ts). */
export function productRows() {
  return Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    sku: `SKU-${String(i + 1).padStart(4, '0')}`,
    name: `Product ${i + 1}`,
    price: Math.round((i + 1) * 199) / 100,
    inStock: i % 3 !== 0,
  }))
}

/**
 * `id` names the endpoint in results; `cached` marks the row that needs Routekit's "use cache"
 * (printed as n/a when Routekit cannot serve it yet).
 */
export const endpoints = [
  {
    id: 'hello',
    label: 'GET /api/hello',
    method: 'GET',
    path: '/api/hello',
    status: 200,
    body: JSON.stringify({ message: 'Hello!' }),
  },
  {
    id: 'search-get',
    label: 'GET /api/search?q=abc',
    method: 'GET',
    path: '/api/search?q=abc',
    status: 200,
    body: JSON.stringify({ query: 'abc' }),
  },
  {
    id: 'search-post',
    label: 'POST /api/search (JSON)',
    method: 'POST',
    path: '/api/search',
    requestBody: POST_BODY,
    status: 201,
    body: JSON.stringify({ received: JSON.parse(POST_BODY) }),
  },
  {
    id: 'user',
    label: 'GET /users/123',
    method: 'GET',
    path: '/users/123',
    status: 200,
    body: JSON.stringify({ id: '123' }),
  },
  {
    id: 'products',
    label: 'GET /api/products (cached)',
    method: 'GET',
    path: '/api/products',
    status: 200,
    body: JSON.stringify(productRows()),
    cached: true,
  },
]
