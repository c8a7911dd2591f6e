import { AppError } from '@atelier/contracts';

/** The typed error a request was refused with; anything else (success, another error) fails the test. */
export async function failureOf(request: Promise<unknown>): Promise<AppError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}
