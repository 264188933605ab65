import type { ValidationError } from '@nestjs/common';
import { IsIn, IsString } from 'class-validator';
import { AppError } from '../errors/app-error';
import { Optional } from './optional';
import { RequiresAChange } from './requires-a-change';
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

describe('createValidationPipe on request bodies', () => {
  class Required {
    @IsString()
    name!: string;
  }

  class AllOptional {
    @Optional()
    @IsString()
    note?: string;
  }

  @RequiresAChange()
  class Update {
    @Optional()
    @IsString()
    title?: string;

    @Optional()
    @IsIn(['low', 'high'])
    urgency?: 'low' | 'high';
  }

  const asBody = (metatype: new () => unknown) => ({ type: 'body' as const, metatype });
  const pipe = createValidationPipe();

  it.each([null, [], ['x'], 'text', 7, true])('refuses the non-object body %j, whatever the DTO', async (body) => {
    for (const metatype of [Required, AllOptional, Update]) {
      await expect(pipe.transform(body, asBody(metatype))).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'The request body must be a JSON object',
        details: { fields: [{ field: '(body)', problems: ['must be a JSON object'] }] },
      });
    }
  });

  it('takes a missing body where the DTO accepts {}', async () => {
    const value = await pipe.transform(undefined, asBody(AllOptional));
    expect(value).toBeInstanceOf(AllOptional);
    expect(value).toEqual({ note: undefined });
  });

  it('says a missing body is required where the DTO refuses {}, naming what {} lacks', async () => {
    await expect(pipe.transform(undefined, asBody(Required))).rejects.toMatchObject({
      message: 'A JSON request body is required',
      details: { fields: [{ field: 'name', problems: [expect.any(String)] }] },
    });
    await expect(pipe.transform(undefined, asBody(Update))).rejects.toMatchObject({
      message: 'A JSON request body is required',
      details: { fields: [{ field: '(body)', problems: ['must set at least one of title, urgency'] }] },
    });
  });

  it('refuses an update that sets no field, naming the fields it may set', async () => {
    await expect(pipe.transform({}, asBody(Update))).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'Nothing to change: send at least one of title, urgency',
    });
  });

  it('takes an update that sets one field, and judges that field as usual', async () => {
    await expect(pipe.transform({ urgency: 'high' }, asBody(Update))).resolves.toEqual({
      title: undefined,
      urgency: 'high',
    });
    await expect(pipe.transform({ urgency: 'urgent' }, asBody(Update))).rejects.toMatchObject({
      details: { fields: [{ field: 'urgency', problems: [expect.any(String)] }] },
    });
  });

  it('leaves query and path values to Nest as before', async () => {
    await expect(pipe.transform(undefined, { type: 'query', metatype: AllOptional })).resolves.toBeInstanceOf(
      AllOptional,
    );
  });
});
