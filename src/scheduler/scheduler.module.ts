import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JobLeaseDocument, JobLeaseSchema, JobRunDocument, JobRunSchema } from './job.schema';
import { JobsRepository } from './jobs.repository';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: JobLeaseDocument.name, schema: JobLeaseSchema },
      { name: JobRunDocument.name, schema: JobRunSchema },
    ]),
  ],
  providers: [JobsRepository],
  exports: [JobsRepository],
})
export class SchedulerModule {}
