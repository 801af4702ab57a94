import type { NextRequest } from 'next/server'

export function GET(request: NextRequest) {
  return Response.json({ query: request.nextUrl.searchParams.get('q') })
}

export async function POST(request: Request) {
  const received: unknown = await request.json()
  return Response.json({ received }, { status: 201 })
}
