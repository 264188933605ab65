import type { ValidationError } from '@nestjs/common';
import { IsString } from 'class-validator';
import { AppError } from '../errors/app-error';
import { createValidationPipe, flattenValidationErrors } from './validation';

describe('flattenValidationErrors', () => {
  it('gives nested fields dotted paths and keeps every message', () => {
    const errors: ValidationError[] = [
      { property: 'title', constraints: { isLength: 'too long', isString: 'not a string' }, children: [] },
      {
        property: 'owner',
        children: [{ property: 'name', constraints: { isString: 'name must be a string' }, children: [] }],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'title', problems: ['too long', 'not a string'] },
      { field: 'owner.name', problems: ['name must be a string'] },
    ]);
  });
});

describe('createValidationPipe', () => {
  class Dto {
    @IsString()
    name!: string;
  }

  it('turns refusals into VALIDATION_ERROR app errors naming the fields', async () => {
    const pipe = createValidationPipe();
    const attempt = pipe.transform({ name: 'n', surprise: 1 }, { type: 'body', metatype: Dto });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { fields: [{ field: 'surprise', problems: [expect.any(String)] }] },
    });
  });

  it('passes a valid value through as an instance of the DTO', async () => {
    const value = await createValidationPipe().transform({ name: 'n' }, { type: 'body', metatype: Dto });
    expect(value).toBeInstanceOf(Dto);
    expect(value).toEqual({ name: 'n' });
  });
});
