import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { JobLeaseDocument, JobLeaseSchema, JobRunDocument, JobRunSchema } from './job.schema';
import { JobStore } from './job-store';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: JobLeaseDocument.name, schema: JobLeaseSchema },
      { name: JobRunDocument.name, schema: JobRunSchema },
    ]),
  ],
  providers: [JobStore],
  exports: [JobStore],
})
export class SchedulerModule {}
