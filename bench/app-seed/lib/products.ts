import { cacheLife } from 'next/cache'

/** One product row, as a small catalogue query would return it. */
export interface Product {
  id: number
  sku: string
  name: string
  price: number
  inStock: boolean
}

/** A 5 ms "database query" for 50 rows, cached for hours: the first request pays, the rest read the cache. */
export async function getProducts(): Promise<Product[]> {
  'use cache'
  cacheLife('hours')
  await new Promise((resolve) => setTimeout(resolve, 5))
  return Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    sku: `SKU-${String(i + 1).padStart(4, '0')}`,
    name: `Product ${i + 1}`,
    price: Math.round((i + 1) * 199) / 100,
    inStock: i % 3 !== 0,
  }))
}
